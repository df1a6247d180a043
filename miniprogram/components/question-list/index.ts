import type { InstructorView } from '../../../typings/entities';
import { call, errorMessage } from '../../services/cloud';
import { canSellQuestionsHere } from '../../services/platform';
import { formatPrice } from '../../utils/format';
import { toQuestionItem, type QuestionItem } from '../../utils/questions';

/**
 * 问答 under a course or one of its lessons: its listed questions (a page at a
 * time), a box for owners to ask, and the way to the teacher's 付费提问 where
 * selling is allowed. Kept out of the course and lesson pages' own markup;
 * it loads when the learner opens it.
 */
Component({
  properties: {
    courseId: { type: String, value: '' },
    lessonId: { type: String, value: '' },
    owned: { type: Boolean, value: false },
  },
  data: {
    /** opened by a tap on 问答: the page's own first screen costs no call for it */
    expanded: false,
    questions: [] as QuestionItem[],
    nextCursor: null as string | null,
    loading: false,
    error: '',
    draft: '',
    asking: false,
    instructor: null as (InstructorView & { priceText: string }) | null,
  },
  methods: {
    onToggle() {
      const expanded = !this.data.expanded;
      this.setData({ expanded });
      if (expanded) void this.loadMore(true);
    },

    async loadMore(fresh = false) {
      const { courseId, lessonId } = this.properties;
      if (!courseId || this.data.loading) return;
      this.setData({ loading: true, error: '' });
      try {
        const cursor = fresh ? undefined : (this.data.nextCursor ?? undefined);
        const page = await call('listQuestions', { courseId, ...(lessonId ? { lessonId } : {}), ...(cursor ? { cursor } : {}) });
        const items = page.items.map(toQuestionItem);
        const { instructor } = page;
        this.setData({
          questions: fresh ? items : [...this.data.questions, ...items],
          nextCursor: page.nextCursor,
          instructor:
            instructor && instructor.questionPriceFen !== null && canSellQuestionsHere() ? { ...instructor, priceText: formatPrice(instructor.questionPriceFen) } : null,
        });
      } catch (error) {
        this.setData({ error: errorMessage(error) });
      } finally {
        this.setData({ loading: false });
      }
    },

    onMore() {
      void this.loadMore();
    },

    onDraft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ draft: e.detail.value });
    },

    async onAsk() {
      const content = this.data.draft.trim();
      if (this.data.asking) return;
      if (content.length < 5) {
        wx.showToast({ title: '问题至少 5 个字', icon: 'none' });
        return;
      }
      const { courseId, lessonId } = this.properties;
      this.setData({ asking: true });
      try {
        const { question } = await call('askQuestion', { courseId, ...(lessonId ? { lessonId } : {}), content });
        const shown = question.status === 'open';
        this.setData({ draft: '', questions: shown ? [toQuestionItem(question), ...this.data.questions] : this.data.questions });
        wx.showToast({ title: shown ? '已提问' : '已提交，审核后展示', icon: shown ? 'success' : 'none' });
      } catch (error) {
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      } finally {
        this.setData({ asking: false });
      }
    },

    onPaidQuestion() {
      const { instructor } = this.data;
      if (instructor) wx.navigateTo({ url: `/pages/instructor/index?id=${encodeURIComponent(instructor.id)}` });
    },
  },
});
