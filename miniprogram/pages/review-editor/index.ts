import { CloudError, call, errorMessage } from '../../services/cloud';
import { noteReview } from '../../services/freshness';
import { definePage } from '../../services/page';
import { instanceState } from '../../utils/instance-state';

/** as submitReview's schema: 5 to 500 characters, trimmed */
const MIN_CHARS = 5;
const MAX_CHARS = 500;

const state = instanceState(() => ({ courseId: '' }));

definePage({
  data: {
    rating: 0,
    content: '',
    maxChars: MAX_CHARS,
    /** the learner's review being edited, empty for a new one */
    reviewId: '',
    /** 审核中 when the learner's review waits for an operator */
    statusLabel: '',
    submitting: false,
  },
  async load(show) {
    const s = state(this);
    if (!s.courseId) throw new CloudError('NOT_FOUND', '没有找到这门课程');
    // the caller's own review comes first
    const { items } = await call('listReviews', { courseId: s.courseId, pageSize: 1 });
    const mine = items.find((r) => r.mine);
    show(
      mine
        ? { rating: mine.rating, content: mine.content, reviewId: mine.id, statusLabel: mine.status === 'pending' ? '审核中' : mine.status === 'hidden' ? '未公开' : '' }
        : { rating: 0, content: '', reviewId: '', statusLabel: '' },
    );
    wx.setNavigationBarTitle({ title: mine ? '修改评价' : '写评价' }).catch(() => undefined);
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      state(this).courseId = query.courseId ?? '';
    },

    onRateChange(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ rating: e.detail.value });
    },

    onContentChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ content: e.detail.value });
    },

    async onSubmit() {
      const { rating, content, submitting } = this.data;
      if (submitting) return;
      const text = content.trim();
      if (rating < 1) return void wx.showToast({ title: '请先打分', icon: 'none' });
      if (Array.from(text).length < MIN_CHARS) return void wx.showToast({ title: `评价至少 ${MIN_CHARS} 个字`, icon: 'none' });
      this.setData({ submitting: true });
      try {
        const { review } = await call('submitReview', { courseId: state(this).courseId, rating, content: text });
        noteReview();
        await wx.showToast({ title: review.status === 'published' ? '评价已发布' : '已提交，审核后公开', icon: 'none' });
        wx.navigateBack().catch(() => undefined);
      } catch (error) {
        // CONTENT_REJECTED says what to change; the text stays for the learner to edit
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      } finally {
        this.setData({ submitting: false });
      }
    },

    async onDelete() {
      const { reviewId } = this.data;
      if (!reviewId) return;
      const { confirm } = await wx.showModal({ title: '删除评价', content: '删除后不能恢复，确定删除吗？' });
      if (!confirm) return;
      try {
        await call('deleteReview', { reviewId });
        noteReview();
        wx.navigateBack().catch(() => undefined);
      } catch (error) {
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      }
    },
  },
});
