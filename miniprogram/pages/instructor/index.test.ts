import { describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import { payment, questionView } from '../../../test/miniprogram/fixtures';
import { emit, find, loadPage, ok, setPlatform, settle, spyNavigation, stubCloud, tap, text, texts } from '../../../test/miniprogram/harness';

const INSTRUCTOR = { id: 'ins-linxiao', name: '林晓', bio: '效率教练', questionPriceFen: 990 };

function instructorCloud() {
  const asked: RequestOf<'askPaidQuestion'>[] = [];
  stubCloud({
    getInstructor: () => ok({ instructor: INSTRUCTOR, questions: [questionView({ kind: 'paid', status: 'answered', answer: { content: '先做最重要的', byName: '林晓', answeredAt: 0 } })], answerHours: 48 }),
    askPaidQuestion: (req) => {
      asked.push(req);
      return ok({ question: questionView({ kind: 'paid', status: 'awaiting_payment', mine: true }), order: { id: 'order-q' } as never });
    },
    unifiedPay: (req) => ok({ orderId: req.orderId, payment, subscribeTemplateIds: [] }),
  });
  return { asked };
}

describe('instructor page', () => {
  it('shows the teacher, the price, the public answers, and asks a paid question through the same payment', async () => {
    const nav = spyNavigation();
    const { asked } = instructorCloud();
    const pay = vi.spyOn(wx, 'requestPayment').mockImplementation((() => Promise.resolve({ errMsg: 'requestPayment:ok' })) as never);
    const page = loadPage('pages/instructor/index', { id: 'ins-linxiao' });
    await settle();
    expect(text(page, '.name')).toBe('林晓');
    expect(text(page, '.price')).toBe('¥9.90/次');
    expect(text(page, '.hint')).toBe('讲师在支付后 48 小时内未回答，将全额退款');
    expect(texts(page, '.item >>> .answer-content')).toEqual(['先做最重要的']);
    await emit(page, '.draft', 'change', { value: '怎么戒掉拖延？' });
    await emit(page, '.public-switch', 'change', { value: false });
    await tap(page, '.ask-button', '.t-button');
    await settle();
    expect(asked).toEqual([{ instructorId: 'ins-linxiao', content: '怎么戒掉拖延？', public: false }]);
    expect(pay).toHaveBeenCalled();
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/my-questions/index' });
  });

  it('shows neither price nor 付费提问 where selling is not allowed', async () => {
    setPlatform('ios');
    instructorCloud();
    const page = loadPage('pages/instructor/index', { id: 'ins-linxiao' });
    await settle();
    expect(find(page, '.ask')).toBeFalsy();
    expect(text(page, '.name')).toBe('林晓');
  });
});
