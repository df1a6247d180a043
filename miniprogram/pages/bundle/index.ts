import { toCourseCardView, type CourseCardView } from '../../components/course-card/view';
import { CloudError, call } from '../../services/cloud';
import { purchaseVersion } from '../../services/freshness';
import { definePage } from '../../services/page';
import { IOS_PURCHASE_NOTICE, canSellHere } from '../../services/platform';
import { formatCount } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { purchaseUrlOf } from '../../utils/pricing';

/** bought: the bundle is the caller's; owned-all: every course in it is, bought apart; buy: on sale to the caller. */
type BundleAction = 'buy' | 'bought' | 'owned-all' | 'none';

interface BundleView {
  id: string;
  title: string;
  subtitle: string;
  description: string;
  coverUrl: string;
  summaryText: string;
}

/** The caller's price as getBundle answered it, beside what the courses cost one by one. */
interface BundlePriceView {
  totalFen: number;
  coursesListFen: number;
  ownedCreditFen: number;
}

const state = instanceState(() => ({ bundleId: '', purchaseVersion: 0, loaded: false }));

definePage({
  data: {
    bundle: null as BundleView | null,
    price: null as BundlePriceView | null,
    courses: [] as CourseCardView[],
    action: 'none' as BundleAction,
    hidePrices: false,
    purchaseNotice: '',
  },
  async load(show) {
    const s = state(this);
    if (!s.bundleId) throw new CloudError('NOT_FOUND', '没有找到这个专栏');
    const [{ bundle, price, ownedCount, bought }, sellable] = await Promise.all([call('getBundle', { bundleId: s.bundleId }), canSellHere()]);
    s.loaded = true;
    s.purchaseVersion = purchaseVersion();
    const allOwned = bundle.courses.length > 0 && ownedCount >= bundle.courses.length;
    let action: BundleAction = 'none';
    if (bought) action = 'bought';
    else if (allOwned) action = 'owned-all';
    else if (sellable) action = 'buy';
    const owned = ownedCount > 0 ? ` · 已拥有 ${ownedCount} 门` : '';
    show({
      bundle: {
        id: bundle.id,
        title: bundle.title,
        subtitle: bundle.subtitle,
        description: bundle.description,
        coverUrl: bundle.coverUrl,
        summaryText: `共 ${bundle.courseCount} 门课程${owned} · ${formatCount(bundle.salesCount)} 人已购`,
      },
      price: { totalFen: price.totalFen, coursesListFen: bundle.coursesListFen, ownedCreditFen: price.ownedCreditFen },
      courses: bundle.courses.map(toCourseCardView),
      action,
      hidePrices: !sellable,
      purchaseNotice: action === 'none' ? IOS_PURCHASE_NOTICE : '',
    });
    wx.setNavigationBarTitle({ title: bundle.title }).catch(() => undefined);
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      state(this).bundleId = query.id ?? '';
    },

    onShow() {
      // back from the purchase page (or a course bought apart): owned marks and the price may have changed
      const s = state(this);
      if (s.loaded && s.purchaseVersion !== purchaseVersion()) this.reload(true);
    },

    onBuy() {
      if (this.data.action === 'buy') wx.navigateTo({ url: purchaseUrlOf({ kind: 'bundle', id: state(this).bundleId }) });
    },
  },
});
