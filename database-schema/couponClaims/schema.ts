import { z } from 'zod';
import { docId, openid } from '../common';

/**
 * How many coupons of one template a learner has claimed, `_id` =
 * couponClaimId(templateId, openid): the per-learner limit is read and
 * counted in the claim's transaction (a transaction cannot count by query).
 */
export const couponClaimSchema = z.object({
  _id: docId,
  templateId: docId,
  openid,
  count: z.number().int().min(0),
});
export type CouponClaimDoc = z.infer<typeof couponClaimSchema>;

export const couponClaimId = (templateId: string, openidValue: string): string => `${templateId}_${openidValue}`;
/** the learner's `n`th coupon (1-based) of a template: a retried claim writes the same document */
export const couponId = (templateId: string, openidValue: string, n: number): string => `${templateId}_${openidValue}_${n}`;
