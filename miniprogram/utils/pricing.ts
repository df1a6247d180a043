/**
 * What the pages of bundles (专栏), membership (会员) and coupons (优惠券) share:
 * their routes, the texts of a coupon's validity and of a membership, and what
 * a coupon's refusal tells the learner. Prices are never worked out here: the
 * server answers them (typings/pricing-api.ts).
 */
import type { CouponView, MembershipView, SellableRef } from '../../typings/pricing-api';
import { CloudError, type ClientErrorCode } from '../services/cloud';
import { formatDate } from './format';
import { purchaseUrl } from './lesson';

export const MEMBERSHIP_URL = '/pages/membership/index';
export const MY_COUPONS_URL = '/pages/my-coupons/index';

export function bundleUrl(bundleId: string): string {
  return `/pages/bundle/index?id=${encodeURIComponent(bundleId)}`;
}

/** The confirm page for a course, a bundle or a plan; a course's keeps the route pages before bundles link to. */
export function purchaseUrlOf({ kind, id }: SellableRef): string {
  if (kind === 'course') return purchaseUrl(id);
  return `/pages/purchase/index?kind=${kind}&id=${encodeURIComponent(id)}`;
}

/** A learner's coupon's validity: "2026-12-01 至 2026-12-31". */
/** A coupon as a row of a list shows it: 我的优惠券 and the confirm page's picker. */
export interface CouponRowText {
  id: string;
  title: string;
  discountText: string;
  scopeText: string;
  validityText: string;
}

export function couponValidityText(coupon: Pick<CouponView, 'validFrom' | 'validUntil'>): string {
  return `${formatDate(coupon.validFrom)} 至 ${formatDate(coupon.validUntil)}`;
}

/** 有效期至 2026-12-31, 已过期, or 未开通 for someone never a member. */
export function membershipText(membership: MembershipView): string {
  if (membership.until === null) return '未开通';
  return membership.active ? `有效期至 ${formatDate(membership.until)}` : '已过期';
}

/**
 * What a coupon refusal tells the learner, by code (typings/result.ts), as
 * the pages say it whatever the function's wording; null for any other error.
 */
const COUPON_MESSAGES: Partial<Record<ClientErrorCode, string>> = {
  COUPON_NOT_FOUND: '没有找到这张优惠券',
  COUPON_USED: '这张优惠券已使用，或被另一笔待支付订单占用',
  COUPON_EXPIRED: '这张优惠券已过期或未到可用时间',
  COUPON_NOT_APPLICABLE: '这张优惠券不适用于此商品',
  COUPON_SOLD_OUT: '优惠券已被领完',
  COUPON_LIMIT_REACHED: '你已领过这张优惠券，领取次数已用完',
};

export function couponErrorMessage(error: unknown): string | null {
  if (!(error instanceof CloudError)) return null;
  return COUPON_MESSAGES[error.code] ?? null;
}
