import { z } from 'zod';
import { docId, fen, openid, outRefundNo, outTradeNo, paymentProviderName, serverDate } from '../common';

export const orderStatus = z.enum(['unpaid', 'paid', 'refunding', 'refunded', 'closed']);
export type OrderStatus = z.infer<typeof orderStatus>;
/** The orders that count as paid (settled), whatever happened to them since. */
export const SETTLED_STATUSES: readonly OrderStatus[] = ['paid', 'refunding', 'refunded'];
/** The orders not over yet: one may still be paid, has granted its course, or is being refunded. */
export const UNFINISHED_STATUSES: readonly OrderStatus[] = ['unpaid', 'paid', 'refunding'];

/**
 * What an order buys: a course (absent on orders written before kinds, so
 * absent means 'course'), a paid question (付费提问), a bundle (专栏) or a
 * membership plan (会员). See `orderKindOf`.
 */
export const orderKind = z.enum(['course', 'question', 'bundle', 'membership']);
export type OrderKind = z.infer<typeof orderKind>;
/** The kinds a learner buys through createOrder (a paid question is ordered by askPaidQuestion). */
export const sellableKind = z.enum(['course', 'bundle', 'membership']);
export type SellableKind = z.infer<typeof sellableKind>;

/**
 * How an order's amount was reached, worked out by the pricing engine
 * (cloudfunctions/shared/pricing) and stored on the order: the list price,
 * the member price if one applied, what a bundle takes off for courses the
 * learner owns already, the coupon's discount, and the total, which is the
 * order's `amountFen`. `listFen - totalFen` is the order's discount.
 */
export const priceBreakdownSchema = z.object({
  listFen: fen,
  /** the course's member price, when the buyer's membership made it apply */
  memberFen: fen.nullable(),
  /** a bundle's credit for its courses the buyer owns (settings/pricing) */
  ownedCreditFen: fen,
  couponId: docId.nullable(),
  couponFen: fen,
  totalFen: fen,
});
export type PriceBreakdown = z.infer<typeof priceBreakdownSchema>;

export const orderSchema = z.object({
  _id: docId,
  outTradeNo,
  /** the buyer; `_openid` too, so the client-side security rule can match it */
  openid,
  _openid: openid,
  courseId: docId,
  courseTitle: z.string(),
  courseCoverFileId: z.string(),
  /** integer fen, copied from the course's price when the order was made */
  amountFen: fen,
  status: orderStatus,
  provider: paymentProviderName,
  createdAt: serverDate,
  updatedAt: serverDate,
  expiresAt: serverDate,
  paidAt: serverDate.nullable(),
  closedAt: serverDate.nullable(),
  /** set when an operator starts a refund; stable so a retry never refunds twice */
  outRefundNo: outRefundNo.nullable(),
  refundedAt: serverDate.nullable(),
  /** why and by whom a refund was asked for (absent on orders never refunded) */
  refundReason: z.string().max(200).optional(),
  refundRequestedBy: z.string().max(160).optional(),
  refundRequestedAt: serverDate.optional(),
  /**
   * absent: 'course'. For a question order `courseId` is the product key
   * `questionProductId(instructorId)` (revenue groups a teacher's questions in
   * one row) and `courseTitle` "付费提问 · <teacher>", so reports and the CSV
   * keep their columns; `courseCoverFileId` is ''.
   */
  kind: orderKind.optional(),
  /** the question a question order pays for */
  questionId: docId.optional(),
  /**
   * the bundle or plan a bundle or membership order buys; its `courseId` is
   * then the product key `productKeyOf(kind, productId)`, so reports group it
   */
  productId: docId.optional(),
  /** absent on orders from before pricing: list price = amount, no discount */
  pricing: priceBreakdownSchema.optional(),
  /** a bundle order: the courses it granted when paid (shared/bundles); refunding takes back only these */
  grantedCourseIds: z.array(docId).max(200).optional(),
  /** a membership order: the plan's days, added from the current end when paid */
  membershipDays: z.number().int().min(1).max(3660).optional(),
});
export type OrderDoc = z.infer<typeof orderSchema>;

export const orderKindOf = (order: Pick<OrderDoc, 'kind'>): OrderKind => order.kind ?? 'course';
/** the `courseId` of a question order: every question to one teacher is one product */
export const questionProductId = (instructorId: string): string => `question-${instructorId}`;

/**
 * An order's `courseId`, the product key reports and pending-order slots go
 * by: a course's ID, `bundle-<id>` or `plan-<id>`, so no two kinds collide.
 */
export const productKeyOf = (kind: SellableKind, id: string): string => (kind === 'course' ? id : `${kind === 'bundle' ? 'bundle' : 'plan'}-${id}`);

/** An order's breakdown, or, for one from before pricing, its amount at list price. */
export const pricingOf = (order: Pick<OrderDoc, 'pricing' | 'amountFen'>): PriceBreakdown =>
  order.pricing ?? { listFen: order.amountFen, memberFen: null, ownedCreditFen: 0, couponId: null, couponFen: 0, totalFen: order.amountFen };

/**
 * The virtual payment (xpay) product an order sells at its price: the product
 * key with what xpay does not allow in a product ID made `_`, and the price in
 * fen, e.g. `course_ts_19900`. A short_series_goods product's price is fixed in
 * the merchant back office, so each price an item sells at is its own product
 * (`npm run ops -- xpay-products` lists them).
 */
export const xpayProductId = (productKey: string, priceFen: number): string => `${productKey.replace(/[^A-Za-z0-9_]/g, '_')}_${priceFen}`;
