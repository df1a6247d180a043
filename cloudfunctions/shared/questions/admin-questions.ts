/**
 * Operators' side of questions: the moderation queue (held questions, or any
 * status) and an operator's pass or reject of a question the content check
 * held. Each decides in one transaction on the question's status, so it
 * cannot race an answer, the deadline's timer or another operator: a pass
 * lists a free question, or delivers a paid one to its teacher with the
 * deadline from now; a reject keeps a free question hidden (closed) and
 * refunds a paid one in full through the deadline's refund path
 * (deadline.ts, payment/refunds.ts: the order's one outRefundNo,
 * refundCallback settles it).
 */
import type { OrderDoc } from '../../../database-schema/orders/schema';
import type { QuestionDoc } from '../../../database-schema/questions/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import { askRefund } from '../payment/refunds';
import { operatorName, type Operator } from '../platform/caller';
import { db, inTransaction, newestPage, txDoc } from '../platform/cloud';
import { fail } from '../platform/errors';
import { questionSettings } from '../platform/settings';
import { dayjs } from '../platform/time';
import { startQuestionRefund } from './deadline';
import { toAdminQuestionView } from './views';

export async function listQuestionsForOperator(request: ParsedRequestOf<'adminListQuestions'>): Promise<ResponseOf<'adminListQuestions'>> {
  const { rows, ...paging } = await newestPage<QuestionDoc>(db.collection('questions').where({ status: request.status }), request.page, request.pageSize);
  return { items: rows.map(toAdminQuestionView), ...paging };
}

const REFUND_REASON = '提问未通过审核，全额退款';

export async function moderateQuestion(request: ParsedRequestOf<'moderateQuestion'>, operator: Operator): Promise<ResponseOf<'moderateQuestion'>> {
  const by = operatorName(operator);
  // read before the transaction: a cached settings read inside it would not be the transaction's
  const { answerHours } = request.action === 'pass' ? await questionSettings() : { answerHours: 0 };
  const decided = await inTransaction(async (tx): Promise<{ question: QuestionDoc; refund: OrderDoc | null }> => {
    const question = await txDoc<QuestionDoc>(tx, 'questions', request.questionId);
    if (!question) return fail('NOT_FOUND', '问题不存在');
    if (question.status !== 'held') return fail('QUESTION_NOT_HELD', `该问题状态为 ${question.status}，不在审核中`);
    const now = new Date();
    const decision = { action: request.action, reason: request.reason, by, at: now };
    if (request.action === 'pass') {
      const change =
        question.kind === 'free'
          ? { status: 'open' as const, listed: true, moderation: 'pass' as const, decision, updatedAt: now }
          : { status: 'open' as const, moderation: 'pass' as const, deadlineAt: dayjs(now).add(answerHours, 'hour').toDate(), decision, updatedAt: now };
      await tx.collection('questions').doc(question._id).update({ data: change });
      return { question: { ...question, ...change }, refund: null };
    }
    if (question.kind === 'free') {
      const change = { status: 'closed' as const, listed: false, decision, updatedAt: now };
      await tx.collection('questions').doc(question._id).update({ data: change });
      return { question: { ...question, ...change }, refund: null };
    }
    const refund = await startQuestionRefund(tx, question, request.reason || REFUND_REASON, by, now, { listed: false, decision });
    if (!refund) return fail('REFUND_NOT_ALLOWED', '该问题的订单不是已支付，不能退款');
    // thrown inside the transaction: nothing above is written
    if (refund.provider !== 'cloudpay') return fail('REFUND_NOT_ALLOWED', '该支付方式暂不支持退款');
    return { question: { ...question, status: 'refunding', listed: false, decision, updatedAt: now }, refund };
  });
  const view = toAdminQuestionView(decided.question);
  if (!decided.refund) return { question: view, outRefundNo: null };
  const answer = await askRefund(decided.refund, REFUND_REASON);
  // the question stays refunding: refundUnansweredQuestions asks again, under the same number, after 10 minutes
  if (!answer.accepted) return fail('PAYMENT_FAILED', `微信支付未受理退款（${answer.detail}），稍后自动重试`);
  return { question: view, outRefundNo: decided.refund.outRefundNo ?? null };
}
