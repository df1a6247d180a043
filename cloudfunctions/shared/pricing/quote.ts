/**
 * What the pricing engine (pricing.ts, pure) needs, read from the database:
 * the thing sold (a published course, bundle or plan), the buyer, the pricing
 * settings and the buyer's coupons; and the confirm page's quote
 * (quoteOrder). createOrder prices through the same loading, so what the
 * quote shows is what the order costs.
 */
import type { BundleDoc } from '../../../database-schema/bundles/schema';
import type { CouponDoc } from '../../../database-schema/coupons/schema';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import type { MembershipPlanDoc } from '../../../database-schema/membershipPlans/schema';
import type { MembershipDoc } from '../../../database-schema/memberships/schema';
import { productKeyOf, type OrderDoc } from '../../../database-schema/orders/schema';
import { pendingOrderId, type PendingOrderDoc } from '../../../database-schema/pendingOrders/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { SellableRef } from '../../../typings/pricing-api';
import { _, db, docById, docs } from '../platform/cloud';
import { fail } from '../platform/errors';
import { coverUrls } from '../platform/media';
import { paymentSettings, pricingSettings } from '../platform/settings';
import { providerFor } from '../payment/choose-provider';
import { extendedUntil } from '../payment/memberships';
import { toCouponView } from './coupon-view';
import { buyerAt } from './buyer';
import { pricedBundle, pricedCourse, pricedPlan } from './items';
import { applicableCoupons, priceItem, type Buyer, type PricedItem, type PricingRules } from './pricing';

/** A thing on sale, as an order names it and the engine prices it. */
export interface Sellable {
  ref: SellableRef;
  item: PricedItem;
  /** the order's `courseId` and pending-order slot: productKeyOf(kind, id) */
  productKey: string;
  title: string;
  subtitle: string;
  /** '' for a plan, which has no cover */
  coverFileId: string;
  /** a bundle's courses (what its order grants); a course's own ID; none for a plan */
  courseIds: readonly string[];
  /** a plan's days; null for the others */
  membershipDays: number | null;
}

const notOnSale = (what: string): never => fail('NOT_ON_SALE', `该${what}暂不可购买`);

/** The course, bundle or plan `ref` names, if it is on sale: missing → NOT_FOUND, not published → NOT_ON_SALE. */
export async function loadSellable(ref: SellableRef): Promise<Sellable> {
  const productKey = productKeyOf(ref.kind, ref.id);
  if (ref.kind === 'course') {
    const course = await docById<CourseDoc>('courses', ref.id);
    if (!course) return fail('NOT_FOUND', '课程不存在');
    if (course.status !== 'published' || course.priceFen < 1) return notOnSale('课程');
    return {
      ref,
      item: pricedCourse(course),
      productKey,
      title: course.title,
      subtitle: course.subtitle,
      coverFileId: course.coverFileId,
      courseIds: [course._id],
      membershipDays: null,
    };
  }
  if (ref.kind === 'bundle') {
    const bundle = await docById<BundleDoc>('bundles', ref.id);
    if (!bundle) return fail('NOT_FOUND', '专栏不存在');
    if (bundle.status !== 'published') return notOnSale('专栏');
    // list prices, for the credit a bundle may give for courses the buyer owns (settings/pricing)
    const courses = await docs<Pick<CourseDoc, '_id' | 'priceFen'>>(
      db
        .collection('courses')
        .where({ _id: _.in([...bundle.courseIds]) })
        .field({ _id: true, priceFen: true })
        .limit(bundle.courseIds.length),
    );
    return {
      ref,
      item: pricedBundle(bundle, courses),
      productKey,
      title: bundle.title,
      subtitle: bundle.subtitle,
      coverFileId: bundle.coverFileId,
      courseIds: bundle.courseIds,
      membershipDays: null,
    };
  }
  const plan = await docById<MembershipPlanDoc>('membershipPlans', ref.id);
  if (!plan) return fail('NOT_FOUND', '会员套餐不存在');
  if (plan.status !== 'published') return notOnSale('会员套餐');
  return {
    ref,
    item: pricedPlan(plan),
    productKey,
    title: plan.title,
    subtitle: `${plan.days} 天会员`,
    coverFileId: '',
    courseIds: [],
    membershipDays: plan.days,
  };
}

/** A sellable with everything its price depends on, at `now`. */
export interface PricingContext extends Sellable {
  buyer: Buyer & { membership: MembershipDoc | null };
  rules: PricingRules;
  /** nothing left to buy: the course owned, or the bundle bought (or every course of it owned) */
  owned: boolean;
  /** the caller's paid order for this bundle, if they bought it already */
  bundleOrderId: string | null;
  now: Date;
}

export async function pricingContext(openid: string, ref: SellableRef, now: Date): Promise<PricingContext> {
  const sellable = await loadSellable(ref);
  const [buyer, settings, bought] = await Promise.all([
    buyerAt(openid, now, sellable.courseIds),
    pricingSettings(),
    // a bundle bought once is owned, even while a course added to it has not reached the buyer yet (index openid_course_status)
    sellable.ref.kind === 'bundle'
      ? docs<Pick<OrderDoc, '_id'>>(db.collection('orders').where({ openid, courseId: sellable.productKey, status: 'paid' }).field({ _id: true }).limit(1))
      : Promise.resolve([]),
  ]);
  const bundleOrderId = bought[0]?._id ?? null;
  const owned =
    bundleOrderId !== null || (sellable.ref.kind !== 'membership' && sellable.courseIds.length > 0 && sellable.courseIds.every((id) => buyer.ownedCourseIds.has(id)));
  return { ...sellable, buyer, rules: { bundleOwnedCreditPercent: settings.bundleOwnedCreditPercent }, owned, bundleOrderId, now };
}

/** How many of a learner's coupons checkout considers: far more than anyone holds. */
const MAX_CHECKOUT_COUPONS = 100;

/** The learner's coupons that may be used at `now`: available and unexpired (index openid_status_validUntil). */
export function usableCoupons(openid: string, now: Date): Promise<CouponDoc[]> {
  return docs<CouponDoc>(
    db
      .collection('coupons')
      .where({ openid, status: 'available', validUntil: _.gt(now) })
      .limit(MAX_CHECKOUT_COUPONS),
  );
}

/** The learner's open unpaid order for a product (its pending-order slot), if any. */
export async function openOrderFor(openid: string, productKey: string): Promise<OrderDoc | null> {
  const slot = await docById<PendingOrderDoc>('pendingOrders', pendingOrderId(openid, productKey));
  const order = slot ? await docById<OrderDoc>('orders', slot.orderId) : null;
  return order?.status === 'unpaid' && order.openid === openid ? order : null;
}

/** A membership's end, or null when there never was one. */
const untilOf = (membership: MembershipDoc | null): number | null => membership?.until.getTime() ?? null;

/**
 * What the caller would pay for an item. `couponId` left out: the best of
 * their coupons that apply; null: none; an ID: that coupon, refused as the
 * engine refuses it (someone else's is not found). A coupon the caller's open
 * order for this item holds still counts as theirs to choose, so the quote
 * matches the order createOrder would reuse. Paid by virtual payment (the
 * caller's platform, settings/payment), nothing takes a coupon: none is
 * offered, and one asked for is refused as createOrder refuses it.
 */
export async function quoteOrder(openid: string, request: ParsedRequestOf<'quoteOrder'>): Promise<ResponseOf<'quoteOrder'>> {
  const now = new Date();
  const [ctx, settings] = await Promise.all([pricingContext(openid, { kind: request.kind, id: request.id }, now), paymentSettings()]);
  const payWith = providerFor(settings, request.platform);
  if (payWith === 'xpay') {
    if (request.couponId) return fail('COUPON_NOT_APPLICABLE', '虚拟支付暂不支持优惠券');
    request = { ...request, couponId: null };
  }
  const [available, open, covers] = await Promise.all([
    payWith === 'xpay' ? Promise.resolve([]) : usableCoupons(openid, now),
    openOrderFor(openid, ctx.productKey),
    coverUrls([ctx.coverFileId]),
  ]);
  const heldId = payWith === 'xpay' ? null : (open?.pricing?.couponId ?? null);
  const held = heldId ? await docById<CouponDoc>('coupons', heldId) : null;
  const forOrderId = open?._id ?? null;
  const candidates = held?.status === 'reserved' && held.orderId === forOrderId && held.openid === openid ? [held, ...available] : available;
  const options = applicableCoupons(ctx.item, ctx.buyer, ctx.rules, candidates, now, forOrderId);

  let chosen: CouponDoc | null = null;
  if (request.couponId === undefined) chosen = options[0] ?? null;
  else if (request.couponId !== null) {
    chosen = candidates.find((c) => c._id === request.couponId) ?? (await docById<CouponDoc>('coupons', request.couponId));
    if (!chosen || chosen.openid !== openid) return fail('COUPON_NOT_FOUND', '优惠券不存在');
  }
  const priced = priceItem(ctx.item, ctx.buyer, ctx.rules, chosen, now, forOrderId);
  if (!priced.ok) return fail(priced.code, priced.message);

  const { membership } = ctx.buyer;
  return {
    item: { kind: ctx.ref.kind, id: ctx.ref.id, title: ctx.title, subtitle: ctx.subtitle, coverUrl: covers.get(ctx.coverFileId) ?? '' },
    price: priced.price,
    coupons: options.map((option) => ({ ...toCouponView(option, now), discountFen: option.discountFen })),
    owned: ctx.owned,
    membership:
      ctx.membershipDays === null
        ? null
        : { active: ctx.buyer.isMember, until: untilOf(membership), untilAfter: extendedUntil(membership?.until, now, ctx.membershipDays).getTime() },
    payWith,
  };
}
