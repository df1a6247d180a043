import type { Paged } from '../../../typings/api';
import type { QuestionStatus, QuestionView } from '../../../typings/entities';
import { call, errorMessage } from '../../services/cloud';
import { definePage } from '../../services/page';
import type { DatasetEvent } from '../../utils/events';
import { formatPrice } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { cursorPages, toQuestionItem, type QuestionItem } from '../../utils/questions';

type InboxTab = Extract<QuestionStatus, 'open' | 'answered' | 'refunded'>;

const TABS: { value: InboxTab; label: string }[] = [
  { value: 'open', label: '待回答' },
  { value: 'answered', label: '已回答' },
  { value: 'refunded', label: '已退款' },
];

const state = instanceState(() => ({ tab: 'open' as InboxTab, pages: null as ((page: number) => Promise<Paged<QuestionView>>) | null }));

/**
 * 讲师工作台: the paid questions delivered to the calling teacher (only once
 * paid), the open ones most urgent first, answered here; and their price.
 */
definePage({
  data: {
    tabs: TABS,
    activeTab: 'open' as InboxTab,
    questions: [] as QuestionItem[],
    drafts: {} as Record<string, string>,
    answering: '',
    priceYuan: '',
  },
  pullDownRefresh: true,
  list: {
    key: 'questions',
    fetch(page) {
      const s = state(this);
      s.pages ??= cursorPages((cursor) => call('listInstructorQuestions', { status: s.tab, ...(cursor ? { cursor } : {}) }));
      return s.pages(page);
    },
    toView: toQuestionItem,
  },
  methods: {
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: InboxTab }>) {
      if (e.detail.value === this.data.activeTab) return;
      state(this).tab = e.detail.value;
      this.setData({ activeTab: e.detail.value });
      this.reload();
    },

    onDraft(e: DatasetEvent<{ id: string }> & { detail: { value: string } }) {
      this.setData({ [`drafts.${e.currentTarget.dataset.id}`]: e.detail.value });
    },

    /** answered in one transaction on the question's status: a question already refunded says so */
    async onAnswer(e: DatasetEvent<{ id: string }>) {
      const { id } = e.currentTarget.dataset;
      const content = (this.data.drafts[id] ?? '').trim();
      if (this.data.answering) return;
      if (content.length < 5) {
        wx.showToast({ title: '回答至少 5 个字', icon: 'none' });
        return;
      }
      this.setData({ answering: id });
      try {
        await call('answerQuestion', { questionId: id, content });
        this.setData({ questions: this.data.questions.filter((q) => q.id !== id) });
        wx.showToast({ title: '已回答', icon: 'success' });
      } catch (error) {
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      } finally {
        this.setData({ answering: '' });
      }
    },

    onPriceInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ priceYuan: e.detail.value });
    },

    /** yuan typed, fen sent; empty stops paid questions */
    async onSavePrice() {
      const text = this.data.priceYuan.trim();
      const questionPriceFen = text === '' ? null : Math.round(Number(text) * 100);
      if (questionPriceFen !== null && !(Number.isFinite(questionPriceFen) && questionPriceFen >= 1)) {
        wx.showToast({ title: '请输入有效的价格', icon: 'none' });
        return;
      }
      try {
        const { instructor } = await call('setQuestionPrice', { questionPriceFen });
        wx.showToast({ title: instructor.questionPriceFen === null ? '已暂停付费提问' : `已设为 ${formatPrice(instructor.questionPriceFen)}`, icon: 'none' });
      } catch (error) {
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      }
    },
  },
});
