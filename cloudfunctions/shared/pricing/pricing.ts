/**
 * The one pricing engine: what an item costs a learner, in integer fen. Pure
 * (no database, no clock: `now` is passed in), so createOrder, quoteOrder,
 * getCourse, getBundle and listPlans price alike, and it is tested on its own
 * (pricing.test.ts). Loading what it needs is quote.ts's job.
 *
 * Order of the steps: the list price; a member price, for a course, when the
 * buyer's membership is valid; a bundle's credit for courses the buyer owns
 * already (a share of their list prices, settings/pricing, 0 by default);
 * then one coupon. Nothing ever takes the total below 1 fen, WeChat Pay's
 * minimum. A percentage coupon's discount is rounded down, so the learner
 * pays the fen that rounding leaves.
 */
import type { CouponDoc } from '../../../database-schema/coupons/schema';
import type { CouponScope } from '../../../database-schema/couponTemplates/schema';
import type { PriceBreakdown } from '../../../database-schema/orders/schema';
import type { ErrorCode } from '../../../typings/result';

/** WeChat Pay's smallest amount. */
export const MIN_TOTAL_FEN = 1;

export type PricedItem =
  | { kind: 'course'; id: string; categoryId: string; listFen: number; memberFen: number | null }
  | { kind: 'bundle'; id: string; listFen: number; courses: readonly { id: string; listFen: number }[] }
  | { kind: 'membership'; id: string; listFen: number };

export interface Buyer {
  openid: string;
  /** a valid membership at the time priced */
  isMember: boolean;
  /** courses the buyer owns (active entitlements); only bundles look at it */
  ownedCourseIds: ReadonlySet<string>;
}

export interface PricingRules {
  /** 0–100: the share of an owned course's list price a bundle takes off */
  bundleOwnedCreditPercent: number;
}

/** The coupon fields pricing looks at. */
export type PricedCoupon = Pick<CouponDoc, '_id' | 'openid' | 'discount' | 'scope' | 'validFrom' | 'validUntil' | 'status' | 'orderId'>;

export type CouponVerdict = { ok: true; discountFen: number } | { ok: false; code: Extract<ErrorCode, `COUPON_${string}`>; message: string };

const yuan = (fenValue: number): string => (fenValue % 100 === 0 ? String(fenValue / 100) : (fenValue / 100).toFixed(2));

/** The price before any coupon: list, member price, bundle credit, and what is left. */
export function priceBeforeCoupon(item: PricedItem, buyer: Buyer, rules: PricingRules): Omit<PriceBreakdown, 'couponId' | 'couponFen'> {
  let subtotal = item.listFen;
  let memberFen: number | null = null;
  let ownedCreditFen = 0;
  if (item.kind === 'course' && buyer.isMember && item.memberFen !== null && item.memberFen < item.listFen) {
    memberFen = Math.max(MIN_TOTAL_FEN, item.memberFen);
    subtotal = memberFen;
  }
  if (item.kind === 'bundle' && rules.bundleOwnedCreditPercent > 0) {
    const ownedListFen = item.courses.filter((c) => buyer.ownedCourseIds.has(c.id)).reduce((sum, c) => sum + c.listFen, 0);
    ownedCreditFen = Math.min(Math.floor((ownedListFen * rules.bundleOwnedCreditPercent) / 100), Math.max(0, subtotal - MIN_TOTAL_FEN));
    subtotal -= ownedCreditFen;
  }
  return { listFen: item.listFen, memberFen, ownedCreditFen, totalFen: subtotal };
}

/** Whether a coupon's scope covers the item. */
export function couponCovers(scope: CouponScope, item: PricedItem): boolean {
  switch (scope.type) {
    case 'all':
      return true;
    case 'categories':
      return item.kind === 'course' && scope.ids.includes(item.categoryId);
    case 'courses':
      return item.kind === 'course' && scope.ids.includes(item.id);
    case 'bundles':
      return item.kind === 'bundle' && (scope.ids.length === 0 || scope.ids.includes(item.id));
    case 'membership':
      return item.kind === 'membership' && (scope.ids.length === 0 || scope.ids.includes(item.id));
  }
}

/**
 * Whether `coupon` may take something off `subtotalFen` for `item`, and how
 * much. `forOrderId`: the order the coupon may already be held by (an order
 * re-priced keeps its own coupon).
 */
export function couponVerdict(coupon: PricedCoupon, item: PricedItem, subtotalFen: number, buyer: Buyer, now: Date, forOrderId: string | null = null): CouponVerdict {
  if (coupon.openid !== buyer.openid) return { ok: false, code: 'COUPON_NOT_FOUND', message: '优惠券不存在' };
  if (coupon.status === 'used') return { ok: false, code: 'COUPON_USED', message: '优惠券已使用' };
  if (coupon.status === 'reserved' && coupon.orderId !== forOrderId) return { ok: false, code: 'COUPON_USED', message: '优惠券已被另一笔待支付订单占用' };
  if (now.getTime() < coupon.validFrom.getTime()) return { ok: false, code: 'COUPON_EXPIRED', message: '优惠券尚未到可用时间' };
  if (now.getTime() >= coupon.validUntil.getTime()) return { ok: false, code: 'COUPON_EXPIRED', message: '优惠券已过期' };
  if (!couponCovers(coupon.scope, item)) return { ok: false, code: 'COUPON_NOT_APPLICABLE', message: '该优惠券不适用于此商品' };
  const { discount } = coupon;
  if (subtotalFen < discount.thresholdFen) return { ok: false, code: 'COUPON_NOT_APPLICABLE', message: `满${yuan(discount.thresholdFen)}元可用` };
  const wanted = discount.type === 'amount' ? discount.amountFen : Math.floor((subtotalFen * discount.percentOff) / 100);
  const discountFen = Math.min(wanted, subtotalFen - MIN_TOTAL_FEN);
  if (discountFen <= 0) return { ok: false, code: 'COUPON_NOT_APPLICABLE', message: '该商品已是最低价，无需用券' };
  return { ok: true, discountFen };
}

export type PriceResult = { ok: true; price: PriceBreakdown } | Extract<CouponVerdict, { ok: false }>;

/** The whole price of `item` for `buyer`, with `coupon` (or none). */
export function priceItem(item: PricedItem, buyer: Buyer, rules: PricingRules, coupon: PricedCoupon | null, now: Date, forOrderId: string | null = null): PriceResult {
  const before = priceBeforeCoupon(item, buyer, rules);
  if (!coupon) return { ok: true, price: { ...before, couponId: null, couponFen: 0 } };
  const verdict = couponVerdict(coupon, item, before.totalFen, buyer, now, forOrderId);
  if (!verdict.ok) return verdict;
  return { ok: true, price: { ...before, couponId: coupon._id, couponFen: verdict.discountFen, totalFen: before.totalFen - verdict.discountFen } };
}

/**
 * The coupons of `coupons` that apply to `item`, each with its discount,
 * best first: the largest discount, then the one that expires soonest (use
 * it before it is lost), then by ID so the order is stable.
 */
export function applicableCoupons<C extends PricedCoupon>(item: PricedItem, buyer: Buyer, rules: PricingRules, coupons: readonly C[], now: Date, forOrderId: string | null = null): (C & { discountFen: number })[] {
  const subtotal = priceBeforeCoupon(item, buyer, rules).totalFen;
  const out: (C & { discountFen: number })[] = [];
  for (const coupon of coupons) {
    const verdict = couponVerdict(coupon, item, subtotal, buyer, now, forOrderId);
    if (verdict.ok) out.push({ ...coupon, discountFen: verdict.discountFen });
  }
  return out.sort((a, b) => b.discountFen - a.discountFen || a.validUntil.getTime() - b.validUntil.getTime() || a._id.localeCompare(b._id));
}

/** The text a coupon's discount shows: 满100减20, 无门槛减10, 8.5折, 满50享9折. */
export function discountText(discount: PricedCoupon['discount']): string {
  const threshold = discount.thresholdFen > 0 ? `满${yuan(discount.thresholdFen)}` : '';
  if (discount.type === 'amount') return threshold ? `${threshold}减${yuan(discount.amountFen)}` : `无门槛减${yuan(discount.amountFen)}`;
  const tenths = 100 - discount.percentOff;
  const zhe = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return threshold ? `${threshold}享${zhe}折` : `${zhe}折`;
}

/** The text a coupon's scope shows. */
export function scopeText(scope: CouponScope): string {
  switch (scope.type) {
    case 'all':
      return '全场通用';
    case 'categories':
      return '指定分类课程可用';
    case 'courses':
      return '指定课程可用';
    case 'bundles':
      return scope.ids.length === 0 ? '专栏可用' : '指定专栏可用';
    case 'membership':
      return scope.ids.length === 0 ? '会员可用' : '指定会员套餐可用';
  }
}
