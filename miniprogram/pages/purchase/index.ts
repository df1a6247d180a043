import { PAYMENT_CONFIRMATION } from '../../config';
import { CloudError, call, errorMessage } from '../../services/cloud';
import { notePurchase } from '../../services/freshness';
import { definePage } from '../../services/page';
import { rememberTemplateIds, rememberedTemplateIds, requestPayment, requestSubscription, sleep } from '../../services/payment';
import { IOS_PURCHASE_NOTICE, canSellHere } from '../../services/platform';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, lessonUrl } from '../../utils/lesson';

/**
 * confirm: ready to pay; paying: ordering and in WeChat Pay's sheet;
 * confirming: asking getOrder; paid: the server says paid; pending: still
 * unpaid after the polls; owned: bought before; unavailable: may not sell here.
 */
type Stage = 'confirm' | 'paying' | 'confirming' | 'paid' | 'pending' | 'owned' | 'unavailable';

interface Polling {
  attempts: number;
  intervalMs: number;
}

const state = instanceState(() => ({
  courseId: '',
  firstLessonId: '',
  orderId: '',
  unloaded: false,
  polling: { ...PAYMENT_CONFIRMATION } as Polling,
}));

definePage({
  data: {
    course: null as { title: string; instructor: string; coverUrl: string } | null,
    /** the amount to pay: the course's price, then the order's (priced on the server) */
    amountFen: 0,
    stage: 'confirm' as Stage,
    payLabel: '确认支付',
    /** the outcome of the last attempt, shown under the button */
    message: '',
    purchaseNotice: IOS_PURCHASE_NOTICE,
  },
  async load(show) {
    const s = state(this);
    if (!s.courseId) throw new CloudError('NOT_FOUND', '没有找到要购买的课程');
    const { course, owned } = await call('getCourse', { courseId: s.courseId });
    s.firstLessonId = course.chapters.flatMap((c) => c.lessons)[0]?.id ?? '';
    let stage: Stage = 'confirm';
    if (owned) stage = 'owned';
    else if (!canSellHere()) stage = 'unavailable';
    show({
      course: { title: course.title, instructor: course.instructor, coverUrl: course.coverUrl },
      amountFen: course.priceFen,
      stage,
    });
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      state(this).courseId = query.courseId ?? '';
    },

    onUnload() {
      // stops a confirmation in progress from touching a page that is gone
      state(this).unloaded = true;
    },

    /** How often to ask getOrder; tests make it fast. */
    configurePolling(polling: Partial<Polling>) {
      Object.assign(state(this).polling, polling);
    },

    async onPay() {
      const s = state(this);
      if (this.data.stage !== 'confirm') return;
      this.setData({ stage: 'paying', message: '' });
      try {
        // "购买成功" is sent only to a learner who agreed. WeChat asks only while the tap is fresh, so
        // ask first with the ids the last payment handed out; a refusal never stops paying.
        const known = rememberedTemplateIds();
        await requestSubscription(known);
        // createOrder reuses our unpaid order for the course, so paying again after a cancel never makes a second one.
        const { order } = await call('createOrder', { courseId: s.courseId });
        s.orderId = order.id;
        this.setData({ amountFen: order.amountFen });
        const { payment, subscribeTemplateIds = [] } = await call('unifiedPay', { orderId: order.id });
        rememberTemplateIds(subscribeTemplateIds);
        // the first time, the ids are only known now (an unifiedPay deployed before subscribe messages answers none)
        if (known.length === 0) await requestSubscription(subscribeTemplateIds);
        if (s.unloaded) return;
        const { outcome } = await requestPayment(payment);
        if (s.unloaded) return;
        if (outcome === 'cancelled') {
          this.setData({ stage: 'confirm', payLabel: '继续支付', message: '你已取消支付，订单已为你保留，可随时继续支付' });
          return;
        }
        if (outcome === 'failed') {
          this.setData({ stage: 'confirm', payLabel: '重新支付', message: '支付未完成，请稍后重试' });
          return;
        }
      } catch (error) {
        if (s.unloaded) return;
        if (error instanceof CloudError && error.code === 'ALREADY_OWNED') {
          notePurchase();
          this.setData({ stage: 'owned', message: '' });
          return;
        }
        this.setData({ stage: 'confirm', message: errorMessage(error) });
        return;
      }
      await this.confirmPaid();
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

    /** Opens the course's first lesson, replacing this page so Back leads to the course. */
    onStart() {
      const s = state(this);
      wx.redirectTo({ url: s.firstLessonId ? lessonUrl(s.firstLessonId, s.courseId) : courseUrl(s.courseId) });
    },
  },
});
