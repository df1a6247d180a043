/**
 * Pricing and marketing: bundles (专栏), membership (会员) and coupons (优惠券),
 * and the quote the confirm page shows. Every price here is worked out on the
 * server by one engine (cloudfunctions/shared/pricing); a page never computes
 * one. Requests as zod schemas, responses as types, merged into
 * `requestSchemas` / `Responses` (api.ts), the operators' into
 * `adminRequestSchemas` / `AdminResponses` (admin-api.ts).
 */
import { z } from 'zod';
import { cloudFileId, fen, type PaymentProviderName } from '../database-schema/common';
import { clientPlatform } from '../database-schema/settings/schema';
import { bundleSchema, sellableStatus, type SellableStatus } from '../database-schema/bundles/schema';
import { couponDiscountSchema, couponScopeSchema, couponTemplateSchema, type CouponDiscount, type CouponScope } from '../database-schema/couponTemplates/schema';
import { membershipPlanSchema } from '../database-schema/membershipPlans/schema';
import { sellableKind, type PriceBreakdown, type SellableKind } from '../database-schema/orders/schema';
import type { CourseCard } from './entities';
import { numberedPageRequest, type NumberedPage } from './paging';

export type { CouponDiscount, CouponScope, PriceBreakdown, SellableKind, SellableStatus };

const id = z.string().trim().min(1).max(64);
/** IDs operators choose for bundles, plans and coupon templates: as course IDs */
export const marketingIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'ID 只能包含小写字母、数字和短横线，2-48 个字符');

/**
 * A coupon chosen at checkout: an ID, or null for none. Left out, quoteOrder
 * picks the best one the caller has; createOrder takes none.
 */
const couponChoice = id.nullable().optional();

export const pricingRequestSchemas = {
  /** what the caller would pay for an item, with the coupon chosen (or the best one), and their usable coupons */
  quoteOrder: z.object({ kind: sellableKind, id, couponId: couponChoice, platform: clientPlatform.optional() }).strict(),
  /** bundles on sale */
  listBundles: z.object({}).strict(),
  /** a bundle with its courses, which of them the caller owns, and the caller's price */
  getBundle: z.object({ bundleId: id }).strict(),
  /** membership plans on sale, and the caller's membership */
  listPlans: z.object({}).strict(),
  /** claims one coupon of a template */
  claimCoupon: z.object({ templateId: id }).strict(),
  /** 我的优惠券: usable (available, unexpired; held by an unpaid order too), used, or expired */
  listCoupons: z.object({ status: z.enum(['usable', 'used', 'expired']) }).strict(),
  /** coupon templates the caller may still claim (领券中心) */
  listClaimableCoupons: z.object({}).strict(),
};

export interface SellableRef {
  kind: SellableKind;
  id: string;
}

/** A coupon's terms as every view of one shows them, a template's or a claimed coupon's. */
export interface CouponTerms {
  templateId: string;
  title: string;
  discount: CouponDiscount;
  scope: CouponScope;
  /** e.g. 满100减20, 8.5折, 无门槛减10 */
  discountText: string;
  /** e.g. 全场通用, 指定课程可用 */
  scopeText: string;
}

/** A coupon in a learner's hands. `expired`: available but past its end (a comparison on read). */
export interface CouponView extends CouponTerms {
  id: string;
  validFrom: number;
  validUntil: number;
  status: 'available' | 'reserved' | 'used' | 'expired';
  /** the order holding or having spent it */
  orderId: string | null;
}

/** One of the caller's coupons at checkout, with what it takes off this item. */
export interface CouponOption extends CouponView {
  discountFen: number;
}

/** A template a learner may claim from. */
export interface ClaimableCouponView extends CouponTerms {
  /** e.g. 领取后 7 天内有效, 2026-12-01 至 2026-12-31 */
  validityText: string;
  /** stock left */
  remaining: number;
  claimedByMe: number;
  perLearnerLimit: number;
  /** in stock and under the caller's limit */
  canClaim: boolean;
}

/** The caller's membership; `until` null: never a member. */
export interface MembershipView {
  active: boolean;
  until: number | null;
}

export interface PlanView {
  id: string;
  title: string;
  days: number;
  priceFen: number;
  benefits: string[];
}

export interface BundleCard {
  id: string;
  title: string;
  subtitle: string;
  coverUrl: string;
  /** the bundle's price, integer fen */
  priceFen: number;
  /** the list prices of its courses added up, to show the saving */
  coursesListFen: number;
  courseCount: number;
  salesCount: number;
}

export interface BundleDetail extends BundleCard {
  description: string;
  /** published ones and those the caller owns; `owned` is 已拥有 */
  courses: CourseCard[];
}

/** What is being bought, as the confirm page heads it. */
export interface QuoteItem extends SellableRef {
  title: string;
  subtitle: string;
  coverUrl: string;
}

export interface PricingResponses {
  /**
   * `price`: with `couponId` as asked (left out: the best of `coupons`);
   * `coupons`: the caller's coupons that apply, best first; `owned`: nothing
   * left to buy (the course or every course of the bundle owned);
   * `membership`: for a plan, the caller's membership now and its end once paid
   */
  quoteOrder: {
    item: QuoteItem;
    price: PriceBreakdown;
    coupons: CouponOption[];
    owned: boolean;
    membership: (MembershipView & { untilAfter: number }) | null;
    /** how the caller's platform pays for it: virtual payment takes no coupon (a product's price is fixed) */
    payWith: PaymentProviderName;
  };
  listBundles: { items: BundleCard[] };
  /** `price`: the caller's, before any coupon (less the owned-course credit, if the settings allow one) */
  getBundle: { bundle: BundleDetail; price: PriceBreakdown; ownedCount: number; bought: boolean };
  /** `memberCourseCount`: published courses open to members */
  listPlans: { plans: PlanView[]; membership: MembershipView; memberCourseCount: number };
  claimCoupon: { coupon: CouponView };
  listCoupons: { items: CouponView[] };
  listClaimableCoupons: { items: ClaimableCouponView[] };
}

// ---- operators ----

/** A time as an operator writes it: ISO 8601 with an offset, e.g. 2026-12-31T23:59:59+08:00 */
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const template = couponTemplateSchema.shape;

/** A coupon template as an operator writes it (adminSaveCouponTemplate, `npm run ops -- coupons --create`). */
export const couponTemplateInputSchema = z.strictObject({
  id: marketingIdSchema,
  title: z.string().trim().pipe(template.title),
  discount: couponDiscountSchema,
  scope: couponScopeSchema,
  validity: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('window'), from: instant, until: instant }).refine((v) => v.until > v.from, '结束时间须晚于开始时间'),
    z.strictObject({ type: z.literal('days'), days: z.number().int().min(1).max(3660) }),
  ]),
  stock: template.stock,
  perLearnerLimit: template.perLearnerLimit.default(1),
  status: template.status.default('active'),
});
export type CouponTemplateInput = z.input<typeof couponTemplateInputSchema>;

const bundle = bundleSchema.shape;
/** A bundle as an operator writes it (adminSaveBundle, `npm run ops -- bundles --create`). */
export const bundleInputSchema = z.strictObject({
  id: marketingIdSchema,
  title: z.string().trim().pipe(bundle.title),
  subtitle: z.string().trim().pipe(bundle.subtitle).default(''),
  description: bundle.description.default(''),
  coverFileId: cloudFileId,
  courseIds: bundle.courseIds.refine((ids) => new Set(ids).size === ids.length, '课程不能重复'),
  priceFen: fen.min(1),
  status: sellableStatus.default('draft'),
});
export type BundleInput = z.input<typeof bundleInputSchema>;

const plan = membershipPlanSchema.shape;
/** A membership plan as an operator writes it (adminSavePlan, `npm run ops -- plans --create`). */
export const planInputSchema = z.strictObject({
  id: marketingIdSchema,
  title: z.string().trim().pipe(plan.title),
  days: plan.days,
  priceFen: fen.min(1),
  benefits: plan.benefits.default([]),
  status: sellableStatus.default('draft'),
  sort: plan.sort.default(0),
});
export type PlanInput = z.input<typeof planInputSchema>;

export const adminPricingRequestSchemas = {
  adminSaveCouponTemplate: z.object({ template: couponTemplateInputSchema, dryRun: z.boolean().default(false) }).strict(),
  adminListCouponTemplates: z.object({ ...numberedPageRequest }).strict(),
  adminSaveBundle: z.object({ bundle: bundleInputSchema, dryRun: z.boolean().default(false) }).strict(),
  adminListBundles: z.object({ ...numberedPageRequest }).strict(),
  /** the grant pass of adminSaveBundle again, for every course of the bundle: owners lacking one get it (a save that stopped half-way) */
  adminRegrantBundle: z.object({ bundleId: id }).strict(),
  adminSavePlan: z.object({ plan: planInputSchema, dryRun: z.boolean().default(false) }).strict(),
  adminListPlans: z.object({}).strict(),
};

export interface AdminCouponTemplateView {
  id: string;
  title: string;
  discount: CouponDiscount;
  scope: CouponScope;
  discountText: string;
  scopeText: string;
  validityText: string;
  stock: number;
  claimed: number;
  /** coupons of it spent by paid orders */
  used: number;
  perLearnerLimit: number;
  status: 'active' | 'stopped';
  createdAt: number;
}

export interface AdminBundleView {
  id: string;
  title: string;
  courseIds: string[];
  priceFen: number;
  coursesListFen: number;
  status: SellableStatus;
  salesCount: number;
  updatedAt: number;
}

export interface AdminPlanView {
  id: string;
  title: string;
  days: number;
  priceFen: number;
  benefits: string[];
  status: SellableStatus;
  sort: number;
  salesCount: number;
}

export interface AdminPricingResponses {
  /** `dryRun`: nothing written, `created` says whether it would be new */
  adminSaveCouponTemplate: { template: AdminCouponTemplateView; created: boolean; dryRun: boolean };
  adminListCouponTemplates: NumberedPage<AdminCouponTemplateView>;
  /** `granted`: entitlements given to the bundle's owners for courses added to it */
  adminSaveBundle: { bundle: AdminBundleView; created: boolean; dryRun: boolean; granted: number };
  adminListBundles: NumberedPage<AdminBundleView>;
  /** `orders`: paid bundle orders looked at; `granted`: entitlements given */
  adminRegrantBundle: { bundleId: string; orders: number; granted: number };
  adminSavePlan: { plan: AdminPlanView; created: boolean; dryRun: boolean };
  adminListPlans: { items: AdminPlanView[] };
}
