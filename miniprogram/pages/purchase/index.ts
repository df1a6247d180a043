import type { ResponseOf } from '../../../typings/api';
import type { PaymentProviderName } from '../../../database-schema/common';
import type { PriceBreakdown, SellableKind, SellableRef } from '../../../typings/pricing-api';
import { PAYMENT_CONFIRMATION } from '../../config';
import { CloudError, call, errorMessage } from '../../services/cloud';
import { notePurchase } from '../../services/freshness';
import { definePage } from '../../services/page';
import {
  CANCELLED_MESSAGE,
  FAILED_MESSAGE,
  rememberTemplateIds,
  rememberedTemplateIds,
  requestPayment,
  requestSubscription,
  requestVirtualPayment,
  sleep,
} from '../../services/payment';
import { IOS_PURCHASE_NOTICE, learnPaymentProvider, maySellWith, platformField } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { formatDate } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, lessonUrl } from '../../utils/lesson';
import { MEMBERSHIP_URL, bundleUrl, couponErrorMessage, couponValidityText, membershipText, type CouponRowText } from '../../utils/pricing';

/**
 * confirm: ready to pay; paying: ordering and in WeChat Pay's sheet;
 * confirming: asking getOrder; paid: the server says paid; pending: still
 * unpaid after the polls; owned: nothing left to buy; unavailable: may not sell here.
 */
type Stage = 'confirm' | 'paying' | 'confirming' | 'paid' | 'pending' | 'owned' | 'unavailable';

type Quote = ResponseOf<'quoteOrder'>;

/** How a payment sheet closed; null: the page went away meanwhile. */
type Attempt = { outcome: 'paid' } | { outcome: 'cancelled' | 'failed'; message: string } | null;

interface Polling {
  attempts: number;
  intervalMs: number;
}

/** A coupon in the picker, with what it takes off this item (the server's figure). */
interface CouponRow extends CouponRowText {
  discountFen: number;
}

/** What each kind says when it is paid for, or has nothing left to buy, and where it then leads. */
const KIND_TEXTS: Record<SellableKind, { ownedTitle: string; ownedAction: string; paidAction: string }> = {
  course: { ownedTitle: '你已购买这门课程', ownedAction: '去学习', paidAction: '开始学习' },
  bundle: { ownedTitle: '专栏中的课程你都已拥有', ownedAction: '查看专栏', paidAction: '查看专栏' },
  membership: { ownedTitle: '你已是会员', ownedAction: '查看会员', paidAction: '查看会员' },
};

const state = instanceState(() => ({
  ref: null as SellableRef | null,
  /** a course's first lesson, asked for once paid (the quote does not carry the outline) */
  firstLessonId: '',
  orderId: '',
  /** numbers the quotes, so an older answer never replaces a newer one */
  quoteSeq: 0,
  unloaded: false,
  polling: { ...PAYMENT_CONFIRMATION } as Polling,
}));

/** The confirm page's view of a quote: only what it shows. */
function quoteView(quote: Quote) {
  const chosen = quote.coupons.find((c) => c.id === quote.price.couponId);
  const { membership } = quote;
  return {
    item: { title: quote.item.title, subtitle: quote.item.subtitle, coverUrl: quote.item.coverUrl },
    price: quote.price,
    coupons: quote.coupons.map(
      (c): CouponRow => ({ id: c.id, title: c.title, discountText: c.discountText, scopeText: c.scopeText, validityText: couponValidityText(c), discountFen: c.discountFen }),
    ),
    couponTitle: chosen ? `${chosen.title}（${chosen.discountText}）` : '',
    couponHint: quote.coupons.length ? `${quote.coupons.length} 张可用` : '暂无可用优惠券',
    membershipNow: membership ? membershipText(membership) : '',
    membershipAfter: membership ? `支付后有效期至 ${formatDate(membership.untilAfter)}` : '',
    payWith: quote.payWith,
  };
}

definePage({
  data: {
    kind: 'course' as SellableKind,
    item: null as { title: string; subtitle: string; coverUrl: string } | null,
    /** the server's price: list, member price, owned-course credit, coupon, total */
    price: null as PriceBreakdown | null,
    coupons: [] as CouponRow[],
    /** the chosen coupon, as the 优惠券 line names it; empty for none */
    couponTitle: '',
    /** the 优惠券 line without a coupon: how many apply, or none */
    couponHint: '',
    pickerOpen: false,
    /** a re-quote for another coupon is on its way */
    quoting: false,
    /** a plan: the membership now, and its end once paid */
    membershipNow: '',
    membershipAfter: '',
    /** the provider that pays here, the quote's: under xpay there are no coupons (the product's price is fixed) */
    payWith: 'cloudpay' as PaymentProviderName,
    stage: 'confirm' as Stage,
    payLabel: '确认支付',
    /** the outcome of the last attempt, shown under the button */
    message: '',
    ownedTitle: KIND_TEXTS.course.ownedTitle,
    ownedAction: KIND_TEXTS.course.ownedAction,
    paidAction: KIND_TEXTS.course.paidAction,
    purchaseNotice: IOS_PURCHASE_NOTICE,
  },
  async load(show) {
    const s = state(this);
    if (!s.ref) throw new CloudError('NOT_FOUND', '没有找到要购买的商品');
    const seq = ++s.quoteSeq;
    // no couponId: the server picks the caller's best coupon; the platform picks the provider
    const quote = await call('quoteOrder', { kind: s.ref.kind, id: s.ref.id, ...platformField() });
    if (seq !== s.quoteSeq) return;
    // the quote names the provider afresh: it decides here, and the other pages learn it
    learnPaymentProvider(quote.payWith);
    let stage: Stage = 'confirm';
    if (quote.owned) stage = 'owned';
    else if (!maySellWith(quote.payWith)) stage = 'unavailable';
    show({ ...quoteView(quote), stage, pickerOpen: false });
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const s = state(this);
      // ?courseId= is how pages before bundles link here
      const kind = query.courseId ? 'course' : query.kind;
      const id = query.courseId ?? query.id ?? '';
      if (id && (kind === 'course' || kind === 'bundle' || kind === 'membership')) {
        s.ref = { kind, id };
        this.setData({ kind, ...KIND_TEXTS[kind] });
      }
    },

    onUnload() {
      // stops a confirmation in progress from touching a page that is gone
      state(this).unloaded = true;
    },

    /** How often to ask getOrder; tests make it fast. */
    configurePolling(polling: Partial<Polling>) {
      Object.assign(state(this).polling, polling);
    },

    onOpenCoupons() {
      if (this.data.stage === 'confirm' && !this.data.quoting && this.data.coupons.length) this.setData({ pickerOpen: true });
    },

    onCloseCoupons() {
      this.setData({ pickerOpen: false });
    },

    onPickCoupon(e: DatasetEvent<{ id: string }>) {
      this.setData({ pickerOpen: false });
      const id = e.currentTarget.dataset.id;
      if (id !== this.data.price?.couponId) this.requote(id);
    },

    onNoCoupon() {
      this.setData({ pickerOpen: false });
      if (this.data.price?.couponId !== null) this.requote(null);
    },

    /**
     * Prices again with `couponId` (null: none; undefined: the server's best).
     * A coupon refused meanwhile (used elsewhere, expired) says why and falls
     * back to the best one left.
     */
    async requote(couponId: string | null | undefined): Promise<void> {
      const s = state(this);
      if (!s.ref) return;
      const seq = ++s.quoteSeq;
      this.setData({ quoting: true });
      try {
        const quote = await call('quoteOrder', { kind: s.ref.kind, id: s.ref.id, ...(couponId === undefined ? {} : { couponId }), ...platformField() });
        if (seq !== s.quoteSeq || s.unloaded) return;
        this.setData({ ...quoteView(quote), quoting: false, ...(quote.owned ? { stage: 'owned' } : {}) });
      } catch (error) {
        if (seq !== s.quoteSeq || s.unloaded) return;
        this.setData({ quoting: false });
        const couponMessage = couponErrorMessage(error);
        wx.showToast({ title: couponMessage ?? errorMessage(error), icon: 'none' });
        if (couponMessage && couponId) await this.requote(undefined);
      }
    },

    async onPay() {
      const s = state(this);
      const { stage, quoting, price } = this.data;
      if (stage !== 'confirm' || quoting || !s.ref || !price) return;
      this.setData({ stage: 'paying', message: '' });
      try {
        // "购买成功" is sent only to a learner who agreed. WeChat asks only while the tap is fresh, so
        // ask first with the ids the last payment handed out; a refusal never stops paying.
        const known = rememberedTemplateIds();
        await requestSubscription(known);
        // the coupon shown is the one reserved; createOrder reuses our unpaid order for the item (and
        // provider), so paying again after a cancel never makes a second one
        const { order } = await call('createOrder', { kind: s.ref.kind, id: s.ref.id, couponId: price.couponId, ...platformField() });
        s.orderId = order.id;
        // what the sheet will charge is the order's amount, priced on the server
        this.setData({ 'price.totalFen': order.amountFen });
        const attempt = this.data.payWith === 'xpay' ? await this.payVirtually(order.id) : await this.payWithWeChatPay(order.id, known);
        if (!attempt || s.unloaded) return;
        if (attempt.outcome !== 'paid') {
          this.setData({ stage: 'confirm', payLabel: attempt.outcome === 'cancelled' ? '继续支付' : '重新支付', message: attempt.message });
          return;
        }
      } catch (error) {
        if (s.unloaded) return;
        if (error instanceof CloudError && error.code === 'ALREADY_OWNED') {
          notePurchase();
          this.setData({ stage: 'owned', message: '' });
          return;
        }
        const couponMessage = couponErrorMessage(error);
        if (couponMessage) {
          // the coupon went (another order, its end) between the quote and the order: price again, without it
          this.setData({ stage: 'confirm', message: `${couponMessage}，已为你重新计算价格` });
          await this.requote(undefined);
          return;
        }
        this.setData({ stage: 'confirm', message: errorMessage(error) });
        return;
      }
      await this.confirmPaid();
    },

    /** WeChat Pay (cloudPay): unifiedPay's parameters, then its sheet. */
    async payWithWeChatPay(orderId: string, knownTemplateIds: string[]): Promise<Attempt> {
      const s = state(this);
      const { payment, subscribeTemplateIds = [] } = await call('unifiedPay', { orderId });
      rememberTemplateIds(subscribeTemplateIds);
      // the first time, the ids are only known now (an unifiedPay deployed before subscribe messages answers none)
      if (knownTemplateIds.length === 0) await requestSubscription(subscribeTemplateIds);
      if (s.unloaded) return null;
      const { outcome } = await requestPayment(payment);
      if (outcome === 'completed') return { outcome: 'paid' };
      return { outcome, message: outcome === 'cancelled' ? CANCELLED_MESSAGE : FAILED_MESSAGE };
    },

    /**
     * 小程序虚拟支付: virtualPay signs the order with the session key of a
     * fresh login code (the server keeps no session key), then its sheet.
     */
    async payVirtually(orderId: string): Promise<Attempt> {
      const s = state(this);
      const { code } = await wx.login();
      const { signData, paySig, signature, mode } = await call('virtualPay', { orderId, code });
      if (s.unloaded) return null;
      const result = await requestVirtualPayment({ signData, paySig, signature, mode });
      return result.outcome === 'failed' ? { outcome: 'failed', message: result.message } : result;
    },

    /** Asks getOrder until the server says paid, a bounded number of times. */
    async confirmPaid() {
      const s = state(this);
      const { attempts, intervalMs } = s.polling;
      this.setData({ stage: 'confirming', message: '' });
      for (let attempt = 0; attempt < attempts; attempt += 1) {
        // the pay notification reaches the server after the sheet closes: give it a moment first
        await sleep(intervalMs);
        if (s.unloaded) return;
        try {
          const { order } = await call('getOrder', { orderId: s.orderId });
          if (s.unloaded) return;
          if (order.status === 'paid') {
            this.onPaid();
            return;
          }
          if (order.status !== 'unpaid') {
            this.setData({ stage: 'confirm', payLabel: '重新下单', message: '订单已关闭，如已扣款将原路退回' });
            return;
          }
        } catch (error) {
          // a failed check is one attempt used, not the end: the payment may well have gone through
          console.warn('[purchase] getOrder failed', error);
        }
      }
      this.setData({ stage: 'pending', message: '' });
    },

    onPaid() {
      notePurchase();
      this.setData({ stage: 'paid' });
      wx.showToast({ title: '支付成功', icon: 'success' });
      this.onStart();
    },

    onCheckAgain() {
      if (this.data.stage === 'pending') this.confirmPaid();
    },

    /**
     * Opens what was bought, replacing this page so Back leads to where the
     * learner came from: a course's first lesson, the bundle, the membership.
     */
    async onStart() {
      const s = state(this);
      if (!s.ref) return;
      const { kind, id } = s.ref;
      if (kind === 'bundle') {
        wx.redirectTo({ url: bundleUrl(id) });
        return;
      }
      if (kind === 'membership') {
        wx.redirectTo({ url: MEMBERSHIP_URL });
        return;
      }
      if (!s.firstLessonId) {
        try {
          const { course } = await call('getCourse', { courseId: id });
          s.firstLessonId = course.chapters.flatMap((c) => c.lessons)[0]?.id ?? '';
        } catch (error) {
          // the course page shows the outline as well: go there rather than nowhere
          console.warn('[purchase] getCourse failed', error);
        }
      }
      if (s.unloaded) return;
      wx.redirectTo({ url: s.firstLessonId ? lessonUrl(s.firstLessonId, id) : courseUrl(id) });
    },
  },
});
