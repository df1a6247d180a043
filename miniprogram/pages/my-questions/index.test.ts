import { describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import { payment, questionView } from '../../../test/miniprogram/fixtures';
import { find, loadPage, ok, settle, stubCloud, tap, texts } from '../../../test/miniprogram/harness';

const DAY = 24 * 3600_000;
const mine = [
  questionView({ id: 'q-a', kind: 'paid', mine: true, status: 'open', priceFen: 990, paidAt: Date.UTC(2025, 2, 8, 6, 5), deadlineAt: Date.UTC(2025, 2, 8, 6, 5) + 3 * DAY }),
  questionView({ id: 'q-b', mine: true, status: 'answered', answer: { content: '25 分钟', byName: '林晓', answeredAt: Date.UTC(2025, 2, 9) } }),
  questionView({ id: 'q-c', kind: 'paid', mine: true, status: 'refunded', priceFen: 990 }),
  questionView({ id: 'q-d', kind: 'paid', mine: true, status: 'awaiting_payment', priceFen: 990, orderId: 'order-q' }),
];

describe('my-questions page', () => {
  it('lists my questions with their status, the deadline and the answer', async () => {
    const requests: RequestOf<'myQuestions'>[] = [];
    stubCloud({ myQuestions: (req) => (requests.push(req), ok({ items: mine, nextCursor: null })) });
    const page = loadPage('pages/my-questions/index');
    await settle();
    expect(texts(page, '.item >>> .status')).toEqual(['待回答', '已回答', '已退款', '待支付']);
    expect(texts(page, '.item >>> .deadline')).toEqual(['2025-03-11 14:05 前回答，超时自动退款']);
    expect(texts(page, '.item >>> .answer-content')).toEqual(['25 分钟']);
    expect(texts(page, '.item >>> .meta')[0]).toBe('付费提问 · 林晓 · ¥9.90');
    expect(requests).toEqual([{}]);
  });

  it('pays a question not paid yet with its own order', async () => {
    const paid: string[] = [];
    stubCloud({
      myQuestions: () => ok({ items: [mine[3]!, mine[0]!], nextCursor: null }),
      unifiedPay: (req) => (paid.push(req.orderId), ok({ orderId: req.orderId, payment, subscribeTemplateIds: ['T_REFUND'] })),
    });
    const pay = vi.spyOn(wx, 'requestPayment').mockImplementation((() => Promise.resolve({ errMsg: 'requestPayment:ok' })) as never);
    const page = loadPage('pages/my-questions/index');
    await settle();
    expect(find(page, '.item >>> .pay')).toBeTruthy();
    await tap(page, '.item >>> .pay', '.t-button');
    await settle();
    expect(paid).toEqual(['order-q']);
    expect(pay).toHaveBeenCalled();
  });
});
