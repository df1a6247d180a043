import { z } from 'zod';
import { docId, openid, serverDate } from '../common';
import { couponDiscountSchema, couponScopeSchema } from '../couponTemplates/schema';

/**
 * `available`: the learner may use it (unless past `validUntil`: expiry is a
 * comparison on read); `reserved`: an unpaid order holds it (`orderId`), and
 * it comes back when that order closes or expires; `used`: a paid order spent it.
 */
export const couponStatus = z.enum(['available', 'reserved', 'used']);
export type CouponStatus = z.infer<typeof couponStatus>;

/**
 * One coupon a learner claimed, with its template's terms copied in, so a
 * template edited later never changes a coupon in hand.
 */
export const couponSchema = z.object({
  _id: docId,
  templateId: docId,
  openid,
  _openid: openid,
  title: z.string().min(1).max(32),
  discount: couponDiscountSchema,
  scope: couponScopeSchema,
  validFrom: serverDate,
  validUntil: serverDate,
  status: couponStatus,
  /** the order holding or having spent it */
  orderId: docId.nullable(),
  claimedAt: serverDate,
  usedAt: serverDate.nullable(),
  updatedAt: serverDate,
});
export type CouponDoc = z.infer<typeof couponSchema>;
