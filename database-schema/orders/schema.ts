import { z } from 'zod';
import { docId, fen, openid, outRefundNo, outTradeNo, paymentProviderName, serverDate } from '../common';

export const orderStatus = z.enum(['unpaid', 'paid', 'refunding', 'refunded', 'closed']);
export type OrderStatus = z.infer<typeof orderStatus>;
/** The orders that count as paid (settled), whatever happened to them since. */
export const SETTLED_STATUSES: readonly OrderStatus[] = ['paid', 'refunding', 'refunded'];
/** The orders not over yet: one may still be paid, has granted its course, or is being refunded. */
export const UNFINISHED_STATUSES: readonly OrderStatus[] = ['unpaid', 'paid', 'refunding'];

/**
 * What an order buys: a course (absent on orders written before kinds, so
 * absent means 'course'), or a paid question (付费提问). Open for bundles
 * and membership later. See `orderKindOf`.
 */
export const orderKind = z.enum(['course', 'question']);
export type OrderKind = z.infer<typeof orderKind>;

export const orderSchema = z.object({
  _id: docId,
  outTradeNo,
  /** the buyer; `_openid` too, so the client-side security rule can match it */
  openid,
  _openid: openid,
  courseId: docId,
  courseTitle: z.string(),
  courseCoverFileId: z.string(),
  /** integer fen, copied from the course's price when the order was made */
  amountFen: fen,
  status: orderStatus,
  provider: paymentProviderName,
  createdAt: serverDate,
  updatedAt: serverDate,
  expiresAt: serverDate,
  paidAt: serverDate.nullable(),
  closedAt: serverDate.nullable(),
  /** set when an operator starts a refund; stable so a retry never refunds twice */
  outRefundNo: outRefundNo.nullable(),
  refundedAt: serverDate.nullable(),
  /** why and by whom a refund was asked for (absent on orders never refunded) */
  refundReason: z.string().max(200).optional(),
  refundRequestedBy: z.string().max(160).optional(),
  refundRequestedAt: serverDate.optional(),
  /**
   * absent: 'course'. For a question order `courseId` is the product key
   * `questionProductId(instructorId)` (revenue groups a teacher's questions in
   * one row) and `courseTitle` "付费提问 · <teacher>", so reports and the CSV
   * keep their columns; `courseCoverFileId` is ''.
   */
  kind: orderKind.optional(),
  /** the question a question order pays for */
  questionId: docId.optional(),
});
export type OrderDoc = z.infer<typeof orderSchema>;

export const orderKindOf = (order: Pick<OrderDoc, 'kind'>): OrderKind => order.kind ?? 'course';
/** the `courseId` of a question order: every question to one teacher is one product */
export const questionProductId = (instructorId: string): string => `question-${instructorId}`;
