import { call } from '../../services/cloud';
import { purchaseVersion } from '../../services/freshness';
import { definePage } from '../../services/page';
import { IOS_PURCHASE_NOTICE, canSellHere } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { instanceState } from '../../utils/instance-state';
import { membershipText, purchaseUrlOf } from '../../utils/pricing';

interface PlanRow {
  id: string;
  title: string;
  daysText: string;
  priceFen: number;
  benefits: string[];
}

const state = instanceState(() => ({ purchaseVersion: 0, loaded: false }));

definePage({
  data: {
    /** active, expired, or none (never a member) */
    memberState: 'none' as 'active' | 'expired' | 'none',
    /** 有效期至 2026-12-31, 已过期, 未开通 */
    membershipText: '',
    memberCourseText: '',
    plans: [] as PlanRow[],
    /** 续费 for a member, 立即开通 otherwise */
    buyLabel: '立即开通',
    hidePrices: false,
    purchaseNotice: '',
  },
  async load(show) {
    const s = state(this);
    const [{ plans, membership, memberCourseCount }, sellable] = await Promise.all([call('listPlans', {}), canSellHere()]);
    s.loaded = true;
    s.purchaseVersion = purchaseVersion();
    const memberState = membership.active ? 'active' : membership.until === null ? 'none' : 'expired';
    show({
      memberState,
      membershipText: membershipText(membership),
      memberCourseText: memberCourseCount > 0 ? `会员可免费学 ${memberCourseCount} 门课程` : '',
      plans: plans.map((p) => ({ id: p.id, title: p.title, daysText: `${p.days} 天`, priceFen: p.priceFen, benefits: p.benefits })),
      buyLabel: membership.active ? '续费' : '立即开通',
      hidePrices: !sellable,
      purchaseNotice: sellable ? '' : IOS_PURCHASE_NOTICE,
      // nothing to show someone who never was a member when nothing is on sale
      status: plans.length === 0 && memberState === 'none' ? 'empty' : 'ready',
    });
  },
  methods: {
    onShow() {
      // back from the purchase page: the membership has been extended
      const s = state(this);
      if (s.loaded && s.purchaseVersion !== purchaseVersion()) this.reload(true);
    },

    onBuy(e: DatasetEvent<{ id: string }>) {
      if (this.data.hidePrices) return;
      wx.navigateTo({ url: purchaseUrlOf({ kind: 'membership', id: e.currentTarget.dataset.id }) });
    },
  },
});
