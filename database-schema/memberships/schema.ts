import { z } from 'zod';
import { docId, openid, serverDate } from '../common';

/**
 * A learner's membership, `_id` = openid: valid while `until` is in the future.
 * Expiry is that comparison on every read, never a job that might not run.
 * Written only in the transaction that settles or refunds a membership order.
 */
export const membershipSchema = z.object({
  _id: docId,
  openid,
  _openid: openid,
  until: serverDate,
  /** the paid membership orders that make up `until`, oldest first (a refund takes its days back) */
  orderIds: z.array(docId).max(1000),
  updatedAt: serverDate,
});
export type MembershipDoc = z.infer<typeof membershipSchema>;

/** Whether a membership (or none) is valid at `now`. */
export const isMemberAt = (membership: Pick<MembershipDoc, 'until'> | null | undefined, now: Date): boolean =>
  !!membership && membership.until.getTime() > now.getTime();
