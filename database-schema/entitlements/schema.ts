import { z } from 'zod';
import { docId, openid, serverDate } from '../common';

/** Who owns which course: one document per (openid, courseId), `_id` = `${openid}_${courseId}`. */
export const entitlementSchema = z.object({
  _id: docId,
  openid,
  _openid: openid,
  courseId: docId,
  status: z.enum(['active', 'revoked']),
  /** `bundle`: granted by a paid bundle order (`orderId`), whose refund takes it back */
  source: z.enum(['purchase', 'grant', 'bundle']),
  /** the paid order that granted it (a course's or a bundle's), null for an operator's grant */
  orderId: docId.nullable(),
  grantedAt: serverDate,
  revokedAt: serverDate.nullable(),
  /** why an operator granted or revoked it */
  reason: z.string().max(200),
});
export type EntitlementDoc = z.infer<typeof entitlementSchema>;

export function entitlementId(openidValue: string, courseId: string): string {
  return `${openidValue}_${courseId}`;
}
