import { toCourseCardView, type CourseCardView } from '../../components/course-card/view';
import { call } from '../../services/cloud';
import { purchaseVersion } from '../../services/freshness';
import { definePage } from '../../services/page';
import { canSellHere } from '../../services/platform';
import { instanceState } from '../../utils/instance-state';

const PAGE_SIZE = 10;

interface CategoryTab {
  id: string;
  name: string;
}

const state = instanceState(() => ({
  categoriesLoaded: false,
  purchaseVersion: 0,
}));

definePage({
  data: {
    emptyText: '',
    categories: [] as CategoryTab[],
    activeCategoryId: '',
    keyword: '',
    courses: [] as CourseCardView[],
    hidePrices: false,
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
      if (!result.categories) return { emptyText };
      s.categoriesLoaded = true;
      return { emptyText, categories: result.categories.filter((c) => c.courseCount > 0).map(({ id, name }) => ({ id, name })) };
    },
  },
  methods: {
    onLoad() {
      this.setData({ hidePrices: !canSellHere() });
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

    filter() {
      const { activeCategoryId, keyword } = this.data;
      return { ...(activeCategoryId ? { categoryId: activeCategoryId } : {}), ...(keyword ? { keyword } : {}) };
    },
  },
});
