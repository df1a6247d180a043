import { z } from 'zod';
import { docId, fen, serverDate } from '../common';

/**
 * What a coupon takes off: a fixed amount (满减 when `thresholdFen` > 0, 无门槛
 * when 0) or a percentage of the price (`percentOff` 15 is 8.5折), for a price
 * of at least `thresholdFen`. The pricing engine (shared/pricing) never lets
 * it take the price below 1 fen.
 */
export const couponDiscountSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('amount'), amountFen: fen.min(1), thresholdFen: fen }),
  z.object({ type: z.literal('percent'), percentOff: z.number().int().min(1).max(99), thresholdFen: fen }),
]);
export type CouponDiscount = z.infer<typeof couponDiscountSchema>;

/**
 * What a coupon applies to: every sellable kind (`all`; never a paid
 * question), the courses of some categories, some courses, bundles or
 * membership plans. `ids` names them; for `bundles` and `membership` an empty
 * list means any of that kind.
 */
export const couponScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('categories'), ids: z.array(docId).min(1).max(50) }),
  z.object({ type: z.literal('courses'), ids: z.array(docId).min(1).max(200) }),
  z.object({ type: z.literal('bundles'), ids: z.array(docId).max(50) }),
  z.object({ type: z.literal('membership'), ids: z.array(docId).max(20) }),
]);
export type CouponScope = z.infer<typeof couponScopeSchema>;

/** How long a claimed coupon may be used: within a fixed window, or for some days from claiming. */
export const couponValiditySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('window'), from: serverDate, until: serverDate }),
  z.object({ type: z.literal('days'), days: z.number().int().min(1).max(3660) }),
]);
export type CouponValidity = z.infer<typeof couponValiditySchema>;

/**
 * A coupon template (优惠券) an operator creates; learners claim coupons from
 * it (claimCoupon) while it is `active`, within its stock and the per-learner
 * limit. `claimed` is kept by the claims themselves (a conditional increment,
 * so stock never goes below zero).
 */
export const couponTemplateSchema = z.object({
  _id: docId,
  title: z.string().min(1).max(32),
  discount: couponDiscountSchema,
  scope: couponScopeSchema,
  validity: couponValiditySchema,
  /** how many may be claimed in all */
  stock: z.number().int().min(1).max(1_000_000),
  claimed: z.number().int().min(0),
  perLearnerLimit: z.number().int().min(1).max(100),
  /** `stopped`: no more claims; claimed coupons stay usable */
  status: z.enum(['active', 'stopped']),
  createdAt: serverDate,
  updatedAt: serverDate,
});
export type CouponTemplateDoc = z.infer<typeof couponTemplateSchema>;
