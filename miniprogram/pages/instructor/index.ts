import { call, CloudError, errorMessage } from '../../services/cloud';
import { definePage } from '../../services/page';
import { requestPayment, requestSubscription } from '../../services/payment';
import { canSellQuestionsHere } from '../../services/platform';
import { formatPrice } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { MY_QUESTIONS_URL } from '../../utils/lesson';
import { toQuestionItem, type QuestionItem } from '../../utils/questions';

const state = instanceState(() => ({ instructorId: '' }));

/**
 * A teacher: who they are, the answered questions askers made public, and
 * 付费提问 at the teacher's price (the server's: the order says what is paid).
 * Where selling is not allowed (iOS) neither the price nor the box is shown.
 */
definePage({
  data: {
    name: '',
    bio: '',
    priceText: '',
    answerHours: 72,
    /** taking paid questions, and selling is allowed here */
    canAsk: false,
    questions: [] as QuestionItem[],
    draft: '',
    isPublic: true,
    asking: false,
  },
  async load(show) {
    const id = state(this).instructorId;
    if (!id) throw new CloudError('NOT_FOUND', '没有找到这位讲师');
    const { instructor, questions, answerHours } = await call('getInstructor', { instructorId: id });
    // paid questions are paid with WeChat Pay only (no xpay product): never on iOS
    const sellable = canSellQuestionsHere();
    show({
      name: instructor.name,
      bio: instructor.bio,
      priceText: sellable && instructor.questionPriceFen !== null ? formatPrice(instructor.questionPriceFen) : '',
      canAsk: sellable && instructor.questionPriceFen !== null,
      questions: questions.map(toQuestionItem),
      answerHours,
    });
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      state(this).instructorId = query.id ?? '';
    },

    onDraft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ draft: e.detail.value });
    },

    onPublic(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ isPublic: e.detail.value });
    },

    /** the question and its order, then the same payment as a course; 我的提问 follows it */
    async onAsk() {
      const content = this.data.draft.trim();
      if (this.data.asking || !this.data.canAsk) return;
      if (content.length < 5) {
        wx.showToast({ title: '问题至少 5 个字', icon: 'none' });
        return;
      }
      this.setData({ asking: true });
      try {
        const { order } = await call('askPaidQuestion', { instructorId: state(this).instructorId, content, public: this.data.isPublic });
        const { payment, subscribeTemplateIds } = await call('unifiedPay', { orderId: order.id });
        await requestSubscription(subscribeTemplateIds);
        const { outcome } = await requestPayment(payment);
        this.setData({ draft: '' });
        if (outcome === 'completed') wx.showToast({ title: '已支付，讲师将尽快回答', icon: 'none' });
        wx.navigateTo({ url: MY_QUESTIONS_URL });
      } catch (error) {
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      } finally {
        this.setData({ asking: false });
      }
    },
  },
});
