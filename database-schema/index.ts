/**
 * Every collection the product uses: its document schema, its indexes and its
 * client-side security rule (both in the JSON forms the cloud console and
 * CloudBase's management API take).
 */
import type { z } from 'zod';
import { categorySchema } from './categories/schema';
import categoryIndexes from './categories/indexes.json';
import categoryRule from './categories/rule.json';
import { courseSchema } from './courses/schema';
import courseIndexes from './courses/indexes.json';
import courseRule from './courses/rule.json';
import { entitlementSchema } from './entitlements/schema';
import entitlementIndexes from './entitlements/indexes.json';
import entitlementRule from './entitlements/rule.json';
import { orderSchema } from './orders/schema';
import orderIndexes from './orders/indexes.json';
import orderRule from './orders/rule.json';
import { paymentSchema } from './payments/schema';
import paymentIndexes from './payments/indexes.json';
import paymentRule from './payments/rule.json';
import { progressSchema } from './progress/schema';
import progressIndexes from './progress/indexes.json';
import progressRule from './progress/rule.json';
import { incidentSchema } from './incidents/schema';
import incidentIndexes from './incidents/indexes.json';
import incidentRule from './incidents/rule.json';
import { pendingOrderSchema } from './pendingOrders/schema';
import pendingOrderIndexes from './pendingOrders/indexes.json';
import pendingOrderRule from './pendingOrders/rule.json';
import { settingsSchema } from './settings/schema';
import settingsIndexes from './settings/indexes.json';
import settingsRule from './settings/rule.json';
import { reviewSchema } from './reviews/schema';
import reviewIndexes from './reviews/indexes.json';
import reviewRule from './reviews/rule.json';
import { userSchema } from './users/schema';
import userIndexes from './users/indexes.json';
import userRule from './users/rule.json';
import { questionSchema } from './questions/schema';
import questionIndexes from './questions/indexes.json';
import questionRule from './questions/rule.json';
import { instructorSchema } from './instructors/schema';
import instructorIndexes from './instructors/indexes.json';
import instructorRule from './instructors/rule.json';
import { bundleSchema } from './bundles/schema';
import bundleIndexes from './bundles/indexes.json';
import bundleRule from './bundles/rule.json';
import { membershipPlanSchema } from './membershipPlans/schema';
import membershipPlanIndexes from './membershipPlans/indexes.json';
import membershipPlanRule from './membershipPlans/rule.json';
import { membershipSchema } from './memberships/schema';
import membershipIndexes from './memberships/indexes.json';
import membershipRule from './memberships/rule.json';
import { couponTemplateSchema } from './couponTemplates/schema';
import couponTemplateIndexes from './couponTemplates/indexes.json';
import couponTemplateRule from './couponTemplates/rule.json';
import { couponSchema } from './coupons/schema';
import couponIndexes from './coupons/indexes.json';
import couponRule from './coupons/rule.json';
import { couponClaimSchema } from './couponClaims/schema';
import couponClaimIndexes from './couponClaims/indexes.json';
import couponClaimRule from './couponClaims/rule.json';

export interface IndexSpec {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: string }[] };
}

export interface SecurityRule {
  read: boolean | string;
  write: boolean | string;
}

export interface CollectionSpec {
  schema: z.ZodType;
  indexes: IndexSpec[];
  rule: SecurityRule;
}

export const collections = {
  users: { schema: userSchema, indexes: userIndexes, rule: userRule },
  categories: { schema: categorySchema, indexes: categoryIndexes, rule: categoryRule },
  courses: { schema: courseSchema, indexes: courseIndexes, rule: courseRule },
  orders: { schema: orderSchema, indexes: orderIndexes, rule: orderRule },
  payments: { schema: paymentSchema, indexes: paymentIndexes, rule: paymentRule },
  entitlements: { schema: entitlementSchema, indexes: entitlementIndexes, rule: entitlementRule },
  progress: { schema: progressSchema, indexes: progressIndexes, rule: progressRule },
  pendingOrders: { schema: pendingOrderSchema, indexes: pendingOrderIndexes, rule: pendingOrderRule },
  settings: { schema: settingsSchema, indexes: settingsIndexes as IndexSpec[], rule: settingsRule },
  incidents: { schema: incidentSchema, indexes: incidentIndexes, rule: incidentRule },
  questions: { schema: questionSchema, indexes: questionIndexes, rule: questionRule },
  instructors: { schema: instructorSchema, indexes: instructorIndexes, rule: instructorRule },
  reviews: { schema: reviewSchema, indexes: reviewIndexes, rule: reviewRule },
  bundles: { schema: bundleSchema, indexes: bundleIndexes as IndexSpec[], rule: bundleRule },
  membershipPlans: { schema: membershipPlanSchema, indexes: membershipPlanIndexes as IndexSpec[], rule: membershipPlanRule },
  memberships: { schema: membershipSchema, indexes: membershipIndexes as IndexSpec[], rule: membershipRule },
  couponTemplates: { schema: couponTemplateSchema, indexes: couponTemplateIndexes as IndexSpec[], rule: couponTemplateRule },
  coupons: { schema: couponSchema, indexes: couponIndexes as IndexSpec[], rule: couponRule },
  couponClaims: { schema: couponClaimSchema, indexes: couponClaimIndexes as IndexSpec[], rule: couponClaimRule },
} satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof collections;

/**
 * Cloud storage's security rule (存储 → 权限设置 → 自定义安全规则): a learner
 * reads and writes only the files they uploaded (their avatar). Covers and
 * lesson media are read through the functions' temp URLs only, so a guessed
 * file ID downloads nothing.
 */
export { default as storageRule } from './storage.rule.json';
export const collectionNames = Object.keys(collections) as CollectionName[];

export * from './common';
export * from './categories/schema';
export * from './courses/schema';
export * from './entitlements/schema';
export * from './orders/schema';
export * from './payments/schema';
export * from './progress/schema';
export * from './users/schema';
export * from './incidents/schema';
export * from './pendingOrders/schema';
export * from './settings/schema';
export * from './questions/schema';
export * from './instructors/schema';
export * from './reviews/schema';
export * from './bundles/schema';
export * from './membershipPlans/schema';
export * from './memberships/schema';
export * from './couponTemplates/schema';
export * from './coupons/schema';
export * from './couponClaims/schema';
