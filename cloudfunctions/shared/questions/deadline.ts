/**
 * The answer deadline (refundUnansweredQuestions' timer): a paid question
 * still `open` past its deadline is refunded in full through the refund path
 * of payment/refunds.ts (the order's one outRefundNo, refundCallback settles
 * it and marks the question refunded). The question goes open → refunding in
 * the same transaction as its order paid → refunding, on the question's
 * status: an answer committed first wins and nothing is refunded.
 */
import type { OrderDoc } from '../../../database-schema/orders/schema';
import type { QuestionDoc } from '../../../database-schema/questions/schema';
import type { QuestionRefundReport } from '../../../typings/timers';
import { askRefund, refundingChange } from '../payment/refunds';
import { _, db, docs, inTransaction, txDoc, type Transaction } from '../platform/cloud';

/** How many questions one run handles; the timer comes back. */
const BATCH = 50;
/** a refund asked this long ago and not settled is asked again (the same number: WeChat Pay's retry) */
const RESEND_AFTER_MINUTES = 10;
const REASON = '超时未回答，自动退款';
const REQUESTED_BY = 'timer:refundUnansweredQuestions';

/**
 * In `tx`, on a question read in it and still undecided: the question →
 * refunding (with `change`) together with its order paid → refunding under
 * the order's one refund number; refunding already (an operator's
 * refundOrder started it) is the same refund, asked again. The order, or
 * null when it is neither paid nor refunding.
 */
export async function startQuestionRefund(tx: Transaction, question: QuestionDoc, reason: string, requestedBy: string, now: Date, change: object = {}): Promise<OrderDoc | null> {
  const order = question.orderId ? await txDoc<OrderDoc>(tx, 'orders', question.orderId) : null;
  if (!order || (order.status !== 'paid' && order.status !== 'refunding')) return null;
  await tx.collection('questions').doc(question._id).update({ data: { ...change, status: 'refunding', updatedAt: now } });
  if (order.status === 'refunding') return order;
  const refunding = refundingChange(order, reason, requestedBy, now);
  await tx.collection('orders').doc(order._id).update({ data: refunding });
  return { ...order, ...refunding };
}

/** open past its deadline → refunding, with its order; null when answered (or changed) meanwhile. */
async function startRefund(questionId: string, now: Date): Promise<OrderDoc | null> {
  return inTransaction(async (tx) => {
    const question = await txDoc<QuestionDoc>(tx, 'questions', questionId);
    if (!question || question.status !== 'open' || !question.deadlineAt || question.deadlineAt > now) return null;
    const order = await startQuestionRefund(tx, question, REASON, REQUESTED_BY, now);
    if (!order) console.error('refundUnansweredQuestions: the order of question', questionId, 'is neither paid nor refunding');
    return order;
  });
}

export async function refundUnansweredQuestions(now = new Date()): Promise<QuestionRefundReport> {
  const resendBefore = new Date(now.getTime() - RESEND_AFTER_MINUTES * 60_000);
  const [due, stuck] = await Promise.all([
    docs<QuestionDoc>(db.collection('questions').where({ status: 'open', deadlineAt: _.lte(now) }).orderBy('deadlineAt', 'asc').limit(BATCH)),
    docs<QuestionDoc>(db.collection('questions').where({ status: 'refunding', updatedAt: _.lte(resendBefore) }).limit(BATCH)),
  ]);
  const report: QuestionRefundReport = { refunding: 0, resent: 0, failed: 0 };
  const ask = async (order: OrderDoc, counter: 'refunding' | 'resent') => {
    if (order.provider !== 'cloudpay') throw new Error(`provider ${order.provider} cannot refund yet`);
    const answer = await askRefund(order, REASON);
    if (!answer.accepted) throw new Error(`WeChat Pay did not accept the refund: ${answer.detail}`);
    report[counter] += 1;
  };
  for (const question of due) {
    try {
      const order = await startRefund(question._id, now);
      if (order) await ask(order, 'refunding');
    } catch (error) {
      // the question stays refunding: a later run asks again under the same number
      console.error('refundUnansweredQuestions: could not refund', question._id, error);
      report.failed += 1;
    }
  }
  for (const question of stuck) {
    try {
      const [order] = await docs<OrderDoc>(db.collection('orders').where({ _id: question.orderId, status: 'refunding' }).limit(1));
      if (order) await ask(order, 'resent');
    } catch (error) {
      console.error('refundUnansweredQuestions: could not ask again', question._id, error);
      report.failed += 1;
    }
  }
  console.log('refundUnansweredQuestions', JSON.stringify(report));
  return report;
}
