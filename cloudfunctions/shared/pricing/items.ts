/**
 * Courses, bundles and plans as the pricing engine (pricing.ts) takes them,
 * declared once: what getCourse and getBundle show and what quoteOrder and
 * createOrder charge are the engine's answers for these.
 */
import type { BundleDoc } from '../../../database-schema/bundles/schema';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import type { MembershipPlanDoc } from '../../../database-schema/membershipPlans/schema';
import type { PricedItem } from './pricing';

export const pricedCourse = (course: Pick<CourseDoc, '_id' | 'categoryId' | 'priceFen' | 'memberPriceFen'>): PricedItem => ({
  kind: 'course',
  id: course._id,
  categoryId: course.categoryId,
  listFen: course.priceFen,
  // courses saved before membership have none
  memberFen: course.memberPriceFen ?? null,
});

/** `courses`: those of the bundle's courses the buyer could be credited for (the owned-course credit). */
export const pricedBundle = (bundle: Pick<BundleDoc, '_id' | 'priceFen'>, courses: readonly Pick<CourseDoc, '_id' | 'priceFen'>[]): PricedItem => ({
  kind: 'bundle',
  id: bundle._id,
  listFen: bundle.priceFen,
  courses: courses.map((c) => ({ id: c._id, listFen: c.priceFen })),
});

export const pricedPlan = (plan: Pick<MembershipPlanDoc, '_id' | 'priceFen'>): PricedItem => ({ kind: 'membership', id: plan._id, listFen: plan.priceFen });
