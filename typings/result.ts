/**
 * The one answer shape of every cloud function, and the stable error codes a
 * page may branch on. Thrown errors are for bugs only.
 */
export const ERROR_CODES = [
  'INVALID_INPUT', // the request failed its zod schema
  'UNAUTHENTICATED', // no OPENID in the WeChat context
  'FORBIDDEN', // the caller may not do this (not the owner, not an operator, wrong SOURCE)
  'NOT_FOUND',
  'NOT_ON_SALE', // the course exists but is not published or has no price
  'ALREADY_OWNED', // the caller already owns the course
  'NOT_PURCHASED', // a paid lesson the caller does not own
  'ORDER_NOT_PAYABLE', // the order is not unpaid (paid, closed, refunded...)
  'ORDER_EXPIRED',
  'PAYMENT_FAILED', // WeChat Pay refused the request
  'REFUND_NOT_ALLOWED',
  'IN_USE', // learners own it (a course with buyers cannot be deleted, nor its lessons removed)
  'CONFLICT', // a concurrent change won; retrying may succeed
  'CONTENT_REJECTED', // WeChat's content security check found the text risky (违规); nothing was written
  'INTERNAL',
  // questions (问答)
  'QUESTION_CLOSED', // answered already, refunded, or not yet paid
  'QUESTION_NOT_HELD', // an operator's pass or reject of a question the content check did not hold (or one decided already)
  // pricing (优惠券, 专栏, 会员)
  'COUPON_NOT_FOUND', // no such coupon in the caller's hands (someone else's is not found either)
  'COUPON_USED', // spent, or held by another unpaid order
  'COUPON_EXPIRED', // past its end, or not valid yet
  'COUPON_NOT_APPLICABLE', // not for this item, or the price is under its threshold
  'COUPON_SOLD_OUT', // the template's stock is gone, or it no longer hands out coupons
  'COUPON_LIMIT_REACHED', // the caller claimed as many as one learner may
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** Human-readable, in Chinese when a learner may see it. */
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };
