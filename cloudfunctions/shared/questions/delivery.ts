/**
 * What paying for, or refunding, a question order does to the question, in
 * the settlement's own transaction (payment/settlement.ts, payment/refunds.ts):
 * the order's state and the question's change together or not at all.
 */
import type { OrderDoc } from '../../../database-schema/orders/schema';
import type { QuestionDoc } from '../../../database-schema/questions/schema';
import { db, txDoc, type Transaction } from '../platform/cloud';
import { dayjs } from '../platform/time';

/** paid questions that await payment, or whose order closed before a late payment */
const PAYABLE: readonly QuestionDoc['status'][] = ['awaiting_payment', 'closed'];

/**
 * The question of a just-paid order reaches its teacher: `open`, due
 * `answerHours` after payment; `held` instead while its text waits for an
 * operator (no deadline runs until it is passed).
 */
export async function deliverPaidQuestion(tx: Transaction, order: OrderDoc, paidAt: Date, now: Date, answerHours: number): Promise<void> {
  const question = order.questionId ? await txDoc<QuestionDoc>(tx, 'questions', order.questionId) : null;
  if (!question) {
    console.error('paid question order without its question', order._id, order.questionId);
    return;
  }
  if (!PAYABLE.includes(question.status)) return;
  const held = question.moderation !== 'pass';
  await tx.collection('questions').doc(question._id).update({
    data: {
      status: held ? 'held' : 'open',
      paidAt,
      deadlineAt: held ? null : dayjs(paidAt).add(answerHours, 'hour').toDate(),
      updatedAt: now,
    },
  });
}

/**
 * An operator refunds a question order (refundOrder): an open question stops
 * being answerable in the same transaction, as the deadline's refund does,
 * and a held one leaves the moderation queue (nothing left to pass).
 */
export async function stopAnswering(tx: Transaction, order: OrderDoc, now: Date): Promise<void> {
  const question = order.questionId ? await txDoc<QuestionDoc>(tx, 'questions', order.questionId) : null;
  if (question?.status === 'open' || question?.status === 'held') await tx.collection('questions').doc(question._id).update({ data: { status: 'refunding', updatedAt: now } });
}

/** The question of a refunded order: refunded, listed nowhere. Answers it, for the asker's message. */
export async function markQuestionRefunded(tx: Transaction, order: OrderDoc, refundedAt: Date, now: Date): Promise<QuestionDoc | null> {
  const question = order.questionId ? await txDoc<QuestionDoc>(tx, 'questions', order.questionId) : null;
  if (!question || question.status === 'refunded') return null;
  await tx.collection('questions').doc(question._id).update({ data: { status: 'refunded', listed: false, refundedAt, updatedAt: now } });
  return question;
}

/** The question of an order closed unpaid: closed, unless a payment settled it meanwhile. */
export async function closeUnpaidQuestion(order: OrderDoc, now: Date): Promise<void> {
  if (!order.questionId) return;
  await db
    .collection('questions')
    .where({ _id: order.questionId, status: 'awaiting_payment' })
    .update({ data: { status: 'closed', updatedAt: now } });
}
