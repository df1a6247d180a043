import { z } from 'zod';
import { docId, openid, serverDate } from '../common';

/**
 * The one unpaid order a learner has open for a course, `_id` =
 * `${openid}_${courseId}`. createOrder reads and writes it in a transaction,
 * so two racing calls cannot open two orders: the loser retries and reuses.
 */
export const pendingOrderSchema = z.object({
  _id: docId,
  openid,
  courseId: docId,
  orderId: docId,
  expiresAt: serverDate,
});
export type PendingOrderDoc = z.infer<typeof pendingOrderSchema>;

export function pendingOrderId(openidValue: string, courseId: string): string {
  return `${openidValue}_${courseId}`;
}
