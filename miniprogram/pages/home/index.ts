import { toCourseCardView, type CourseCardView } from '../../components/course-card/view';
import { call } from '../../services/cloud';
import { purchaseVersion } from '../../services/freshness';
import { definePage } from '../../services/page';
import { canSellHere } from '../../services/platform';
import type { BundleCard } from '../../../typings/pricing-api';
import type { DatasetEvent } from '../../utils/events';
import { instanceState } from '../../utils/instance-state';
import { bundleUrl } from '../../utils/pricing';

const PAGE_SIZE = 10;

/** A bundle in the home page's 专栏 row: no more than it shows. */
interface BundleRow {
  id: string;
  title: string;
  coverUrl: string;
  priceFen: number;
  coursesListFen: number;
  countText: string;
}

const toBundleRow = (b: BundleCard): BundleRow => ({
  id: b.id,
  title: b.title,
  coverUrl: b.coverUrl,
  priceFen: b.priceFen,
  coursesListFen: b.coursesListFen,
  countText: `${b.courseCount} 门课`,
});

interface CategoryTab {
  id: string;
  name: string;
}

const state = instanceState(() => ({
  categoriesLoaded: false,
  purchaseVersion: 0,
  /** the 专栏 row is asked for once, after the first screen */
  bundlesAsked: false,
}));

definePage({
  data: {
    emptyText: '',
    categories: [] as CategoryTab[],
    activeCategoryId: '',
    keyword: '',
    courses: [] as CourseCardView[],
    /** the 专栏 row; empty: not shown */
    bundles: [] as BundleRow[],
    hidePrices: true,
  },
  pullDownRefresh: true,
  list: {
    key: 'courses',
    fetch(page) {
      // the first screen, category bar included, is one call
      const includeCategories = page === 1 && !state(this).categoriesLoaded;
      return call('listCourses', { ...this.filter(), page, pageSize: PAGE_SIZE, ...(includeCategories ? { includeCategories } : {}) });
    },
    toView: toCourseCardView,
    firstPage(result) {
      const s = state(this);
      s.purchaseVersion = purchaseVersion();
      const { keyword } = this.data;
      const emptyText = keyword ? `没有找到与“${keyword}”相关的课程` : '这里还没有课程';
      this.loadBundlesLater();
      if (!result.categories) return { emptyText };
      s.categoriesLoaded = true;
      return { emptyText, categories: result.categories.filter((c) => c.courseCount > 0).map(({ id, name }) => ({ id, name })) };
    },
  },
  methods: {
    onLoad() {
      // known at once off iOS; on iOS once login names the provider (prices stay hidden until then)
      canSellHere().then((sellable) => this.setData({ hidePrices: !sellable }));
    },

    onShow() {
      // Owned marks change after a purchase made from a page above this tab.
      if (state(this).purchaseVersion !== purchaseVersion() && this.data.status === 'ready') this.reload(true);
    },

    onCategoryChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const id = e.detail.value ?? '';
      if (id === this.data.activeCategoryId) return;
      this.setData({ activeCategoryId: id });
      this.reload();
    },

    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const keyword = (e.detail.value ?? '').trim();
      if (keyword === this.data.keyword) return;
      this.setData({ keyword });
      this.reload();
    },

    onClearSearch() {
      if (!this.data.keyword) return;
      this.setData({ keyword: '' });
      this.reload();
    },

    /**
     * The 专栏 row, asked for only once the first screen's one call has been
     * answered and drawn, so it never delays the courses (nor competes with
     * them for a cold start). Nothing on sale, or a failure: no row.
     */
    loadBundlesLater() {
      const s = state(this);
      if (s.bundlesAsked) return;
      s.bundlesAsked = true;
      wx.nextTick(async () => {
        try {
          const { items } = await call('listBundles', {});
          if (items.length) this.setData({ bundles: items.map(toBundleRow) });
        } catch (error) {
          // the row is extra: the page works without it
          s.bundlesAsked = false;
          console.warn('[home] listBundles failed', error);
        }
      });
    },

    onBundleTap(e: DatasetEvent<{ id: string }>) {
      wx.navigateTo({ url: bundleUrl(e.currentTarget.dataset.id) });
    },

    filter() {
      const { activeCategoryId, keyword } = this.data;
      return { ...(activeCategoryId ? { categoryId: activeCategoryId } : {}), ...(keyword ? { keyword } : {}) };
    },
  },
});
