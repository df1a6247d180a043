import type { ViewStatus } from '../../components/state-view/index';
import { toCourseCardView, type CourseCardView } from '../../components/course-card/view';
import { call, errorMessage } from '../../services/cloud';
import { loadNextPage } from '../../services/paged-list';
import { purchaseVersion } from '../../services/freshness';
import { canSellHere } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { instanceState } from '../../utils/instance-state';

const PAGE_SIZE = 10;

interface CategoryTab {
  id: string;
  name: string;
}

const state = instanceState(() => ({
  page: 1,
  /** answers of superseded requests (an older category or keyword) are dropped */
  requestSeq: 0,
  categoriesLoaded: false,
  purchaseVersion: 0,
}));

Component({
  data: {
    status: 'loading' as ViewStatus,
    errorMessage: '',
    emptyText: '',
    categories: [] as CategoryTab[],
    activeCategoryId: '',
    keyword: '',
    courses: [] as CourseCardView[],
    hasMore: false,
    loadingMore: false,
    moreError: '',
    hidePrices: false,
  },
  methods: {
    onLoad() {
      this.setData({ hidePrices: !canSellHere() });
      // the first screen, category bar included, is one call
      this.loadFirstPage(false);
    },

    onShow() {
      // Owned marks change after a purchase made from a page above this tab.
      const s = state(this);
      if (s.purchaseVersion !== purchaseVersion() && this.data.status === 'ready') this.loadFirstPage(true);
    },

    async onPullDownRefresh() {
      await this.loadFirstPage(this.data.status === 'ready');
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return loadNextPage(this, state(this), {
        listKey: 'courses',
        fetch: (page) => call('listCourses', { ...this.filter(), page, pageSize: PAGE_SIZE }),
        toView: toCourseCardView,
      });
    },

    onRetry() {
      this.loadFirstPage(false);
    },

    onCategoryTap(e: DatasetEvent<{ id: string }>) {
      const id = e.currentTarget.dataset.id ?? '';
      if (id === this.data.activeCategoryId) return;
      this.setData({ activeCategoryId: id });
      this.loadFirstPage(false);
    },

    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const keyword = (e.detail.value ?? '').trim();
      if (keyword === this.data.keyword) return;
      this.setData({ keyword });
      this.loadFirstPage(false);
    },

    onClearSearch() {
      if (!this.data.keyword) return;
      this.setData({ keyword: '' });
      this.loadFirstPage(false);
    },

    filter() {
      const { activeCategoryId, keyword } = this.data;
      return { ...(activeCategoryId ? { categoryId: activeCategoryId } : {}), ...(keyword ? { keyword } : {}) };
    },

    /** Page 1 of the current filter; `keepContent` refreshes behind what is shown. */
    async loadFirstPage(keepContent: boolean) {
      const s = state(this);
      const seq = ++s.requestSeq;
      if (!keepContent) this.setData({ status: 'loading', errorMessage: '', loadingMore: false, moreError: '' });
      try {
        const includeCategories = !s.categoriesLoaded;
        const result = await call('listCourses', { ...this.filter(), page: 1, pageSize: PAGE_SIZE, ...(includeCategories ? { includeCategories } : {}) });
        if (seq !== s.requestSeq) return;
        s.page = result.page;
        if (result.categories) {
          s.categoriesLoaded = true;
          this.setData({ categories: result.categories.filter((c) => c.courseCount > 0).map(({ id, name }) => ({ id, name })) });
        }
        s.purchaseVersion = purchaseVersion();
        const { keyword } = this.data;
        this.setData({
          courses: result.items.map(toCourseCardView),
          hasMore: result.hasMore,
          loadingMore: false,
          moreError: '',
          status: result.items.length ? 'ready' : 'empty',
          emptyText: keyword ? `没有找到与“${keyword}”相关的课程` : '这里还没有课程',
        });
      } catch (error) {
        if (seq !== s.requestSeq) return;
        if (keepContent) {
          wx.showToast({ title: errorMessage(error), icon: 'none' });
        } else {
          this.setData({ status: 'error', errorMessage: errorMessage(error) });
        }
      }
    },

  },
});
