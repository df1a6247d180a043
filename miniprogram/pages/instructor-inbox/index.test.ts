import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import { questionView } from '../../../test/miniprogram/fixtures';
import { emit, fail, loadPage, ok, settle, spyToast, stubCloud, tap, texts } from '../../../test/miniprogram/harness';

const paid = (id: string, status: 'open' | 'answered' | 'refunded') => questionView({ id, kind: 'paid', status, content: `问题 ${id} 的内容`, deadlineAt: Date.UTC(2025, 2, 11, 6, 5) });

function inboxCloud() {
  const listed: RequestOf<'listInstructorQuestions'>[] = [];
  const answered: RequestOf<'answerQuestion'>[] = [];
  const prices: RequestOf<'setQuestionPrice'>[] = [];
  stubCloud({
    listInstructorQuestions: (req) => {
      listed.push(req);
      return ok({ items: req.status === 'open' ? [paid('q-1', 'open'), paid('q-2', 'open')] : [paid('q-3', req.status)], nextCursor: null });
    },
    answerQuestion: (req) => (answered.push(req), req.questionId === 'q-2' ? fail('QUESTION_CLOSED', '该问题已超时退款') : ok({ question: paid(req.questionId, 'answered') })),
    setQuestionPrice: (req) => (prices.push(req), ok({ instructor: { id: 'ins-linxiao', name: '林晓', bio: '', questionPriceFen: req.questionPriceFen } })),
  });
  return { listed, answered, prices };
}

describe('instructor-inbox page', () => {
  it('lists the open questions, answers one, and says when the deadline won', async () => {
    const toast = spyToast();
    const { listed, answered } = inboxCloud();
    const page = loadPage('pages/instructor-inbox/index');
    await settle();
    expect(texts(page, '.item >>> .content')).toEqual(['问题 q-1 的内容', '问题 q-2 的内容']);
    expect(listed).toEqual([{ status: 'open' }]);
    await emit(page, '.draft', 'change', { value: '每天先做最重要的一件事。' });
    await tap(page, '.answer-button', '.t-button');
    expect(answered).toEqual([{ questionId: 'q-1', content: '每天先做最重要的一件事。' }]);
    expect(texts(page, '.item >>> .content')).toEqual(['问题 q-2 的内容']);
    await emit(page, '.draft', 'change', { value: '来晚了的一个回答。' });
    await tap(page, '.answer-button', '.t-button');
    expect(toast).toHaveBeenLastCalledWith({ title: '该问题已超时退款', icon: 'none' });

    await emit(page, '.tabs', 'change', { value: 'refunded', label: '已退款' });
    expect(listed.at(-1)).toEqual({ status: 'refunded' });
    expect(texts(page, '.item >>> .status')).toEqual(['已退款']);
  });

  it('sets the price in yuan as fen, and empty stops paid questions', async () => {
    const { prices } = inboxCloud();
    const page = loadPage('pages/instructor-inbox/index');
    await settle();
    await emit(page, '.price-input', 'change', { value: '19.9' });
    await tap(page, '.save-price', '.t-button');
    await emit(page, '.price-input', 'change', { value: '' });
    await tap(page, '.save-price', '.t-button');
    expect(prices).toEqual([{ questionPriceFen: 1990 }, { questionPriceFen: null }]);
  });
});
