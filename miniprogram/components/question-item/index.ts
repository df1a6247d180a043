import type { QuestionItem } from '../../utils/questions';

/** One question and its answer; a pay button for the asker's unpaid one (the `pay` event). */
Component({
  options: { virtualHost: true },
  properties: {
    question: { type: Object, value: {} as QuestionItem },
    showStatus: { type: Boolean, value: false },
  },
  methods: {
    onPay() {
      this.triggerEvent('pay', { id: (this.data.question as QuestionItem).id });
    },
  },
});
