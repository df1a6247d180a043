/**
 * What an order does to its coupon (`pricing.couponId`), always inside the
 * transaction that changes the order, so an order and its coupon never
 * disagree: createOrder reserves it, closing an unpaid order gives it back,
 * settling spends it, and a refund gives it back if settings/pricing says so.
 * A coupon is only ever changed by the order that holds it.
 */
import type { CouponDoc } from '../../../database-schema/coupons/schema';
import type { OrderDoc } from '../../../database-schema/orders/schema';
import { txDoc, type Transaction } from '../platform/cloud';

/**
 * The coupon back to `available`, if `orderId` holds it in `held` status
 * (reserved by an unpaid order, used by a refunded one); answers whether it was.
 */
export async function releaseCoupon(tx: Transaction, couponId: string, orderId: string, held: 'reserved' | 'used', now: Date): Promise<boolean> {
  const coupon = await txDoc<CouponDoc>(tx, 'coupons', couponId);
  if (coupon?.status !== held || coupon.orderId !== orderId) return false;
  await tx.collection('coupons').doc(couponId).update({ data: { status: 'available', orderId: null, usedAt: null, updatedAt: now } });
  return true;
}

export type SpendOutcome = { spent: true } | { spent: false; coupon: Pick<CouponDoc, 'status' | 'orderId'> | null };

/**
 * A paid order's coupon marked used. It is normally reserved by this order;
 * an order closed and then paid late finds it given back (spent now all the
 * same) or taken by another order or gone: then it is left alone and the
 * caller records the conflict, since the money was taken at that price.
 */
export async function spendCoupon(tx: Transaction, order: Pick<OrderDoc, '_id'>, couponId: string, usedAt: Date, now: Date): Promise<SpendOutcome> {
  const coupon = await txDoc<CouponDoc>(tx, 'coupons', couponId);
  const ours = coupon && (coupon.status === 'available' || coupon.orderId === order._id);
  if (!coupon || !ours || coupon.status === 'used') {
    // used by this very order: only a settlement already done would have, and it is never settled twice
    return { spent: false, coupon: coupon && { status: coupon.status, orderId: coupon.orderId } };
  }
  await tx.collection('coupons').doc(couponId).update({ data: { status: 'used', orderId: order._id, usedAt, updatedAt: now } });
  return { spent: true };
}
