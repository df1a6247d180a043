import type { ClaimableCouponView, CouponView } from '../../../typings/pricing-api';
import { call, errorMessage } from '../../services/cloud';
import { definePage } from '../../services/page';
import { IOS_PURCHASE_NOTICE, canSellHere } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { couponErrorMessage, couponValidityText, type CouponRowText } from '../../utils/pricing';

type Tab = 'claimable' | 'usable' | 'used' | 'expired';

const TABS: { value: Tab; label: string; emptyText: string }[] = [
  { value: 'claimable', label: '可领取', emptyText: '暂时没有可领取的优惠券' },
  { value: 'usable', label: '可使用', emptyText: '还没有可使用的优惠券' },
  { value: 'used', label: '已使用', emptyText: '还没有用过优惠券' },
  { value: 'expired', label: '已过期', emptyText: '没有过期的优惠券' },
];

/** A template to claim from, and what its button says. */
interface ClaimRow {
  templateId: string;
  title: string;
  discountText: string;
  scopeText: string;
  validityText: string;
  canClaim: boolean;
  claimLabel: string;
}

/** One of the learner's coupons. */
interface CouponRow extends CouponRowText {
  /** a usable coupon held by an unpaid order says so */
  note: string;
}

function claimLabel(t: ClaimableCouponView): string {
  if (t.canClaim) return '领取';
  if (t.claimedByMe >= t.perLearnerLimit) return '已领取';
  return t.remaining <= 0 ? '已抢光' : '不可领取';
}

function toClaimRow(t: ClaimableCouponView): ClaimRow {
  return {
    templateId: t.templateId,
    title: t.title,
    discountText: t.discountText,
    scopeText: t.scopeText,
    validityText: t.validityText,
    canClaim: t.canClaim,
    claimLabel: claimLabel(t),
  };
}

function toCouponRow(c: CouponView): CouponRow {
  return {
    id: c.id,
    title: c.title,
    discountText: c.discountText,
    scopeText: c.scopeText,
    validityText: couponValidityText(c),
    note: c.status === 'reserved' ? '待支付订单使用中' : '',
  };
}

definePage({
  data: {
    tabs: TABS.map(({ value, label }) => ({ value, label })),
    activeTab: 'usable' as Tab,
    claimables: [] as ClaimRow[],
    coupons: [] as CouponRow[],
    emptyText: '',
    /** the template being claimed, so its button shows it and a second tap does nothing */
    claimingId: '',
    /** coupons only serve purchases, which iOS may not make here */
    purchaseNotice: '',
  },
  pullDownRefresh: true,
  async load(show) {
    const tab = this.data.activeTab;
    const emptyText = TABS.find((t) => t.value === tab)!.emptyText;
    if (!(await canSellHere())) {
      show({ purchaseNotice: IOS_PURCHASE_NOTICE, claimables: [], coupons: [] });
      return;
    }
    if (tab === 'claimable') {
      const { items } = await call('listClaimableCoupons', {});
      show({ claimables: items.map(toClaimRow), coupons: [], emptyText, status: items.length ? 'ready' : 'empty' });
      return;
    }
    const { items } = await call('listCoupons', { status: tab });
    show({ coupons: items.map(toCouponRow), claimables: [], emptyText, status: items.length ? 'ready' : 'empty' });
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = TABS.find((t) => t.value === query.tab);
      if (tab) this.setData({ activeTab: tab.value });
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      if (e.detail.value === this.data.activeTab) return;
      this.setData({ activeTab: e.detail.value });
      this.reload();
    },

    async onClaim(e: DatasetEvent<{ id: string }>) {
      const templateId = e.currentTarget.dataset.id;
      const row = this.data.claimables.find((c) => c.templateId === templateId);
      if (!row?.canClaim || this.data.claimingId) return;
      this.setData({ claimingId: templateId });
      try {
        await call('claimCoupon', { templateId });
        wx.showToast({ title: '领取成功', icon: 'success' });
      } catch (error) {
        wx.showToast({ title: couponErrorMessage(error) ?? errorMessage(error), icon: 'none' });
      } finally {
        this.setData({ claimingId: '' });
      }
      // stock and the caller's count changed either way: ask again, behind what is shown
      await this.reload(true);
    },
  },
});
