import { call, errorMessage } from '../../services/cloud';
import { definePage } from '../../services/page';
import { requestPayment, requestSubscription } from '../../services/payment';
import { instanceState } from '../../utils/instance-state';
import { cursorPages, toQuestionItem, type QuestionItem } from '../../utils/questions';

const state = instanceState(() => ({ pages: cursorPages((cursor) => call('myQuestions', cursor ? { cursor } : {})) }));

/** 我的 → 我的提问: every question asked, its status (待回答, 已回答, 已退款...), its deadline, its answer. */
definePage({
  data: {
    questions: [] as QuestionItem[],
    paying: false,
  },
  pullDownRefresh: true,
  list: {
    key: 'questions',
    fetch(page) {
      return state(this).pages(page);
    },
    toView: toQuestionItem,
  },
  methods: {
    /** a paid question not paid yet: the same order, through the same payment as a course */
    async onPay(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      const question = this.data.questions.find((q) => q.id === e.detail.id);
      if (!question?.orderId || this.data.paying) return;
      this.setData({ paying: true });
      try {
        const { payment, subscribeTemplateIds } = await call('unifiedPay', { orderId: question.orderId });
        // "退款成功", should the teacher not answer in time
        await requestSubscription(subscribeTemplateIds);
        const { outcome } = await requestPayment(payment);
        if (outcome === 'completed') wx.showToast({ title: '已支付，讲师将尽快回答', icon: 'none' });
        this.reload();
      } catch (error) {
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      } finally {
        this.setData({ paying: false });
      }
    },
  },
});
