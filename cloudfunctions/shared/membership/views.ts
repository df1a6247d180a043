/** Membership plans and a learner's membership → what pages and operators see (typings/pricing-api.ts). */
import type { MembershipPlanDoc } from '../../../database-schema/membershipPlans/schema';
import { isMemberAt, type MembershipDoc } from '../../../database-schema/memberships/schema';
import type { AdminPlanView, MembershipView, PlanView } from '../../../typings/pricing-api';

/** `priceFen`: the engine's price of the plan for the caller. */
export const toPlanView = (plan: MembershipPlanDoc, priceFen: number): PlanView => ({
  id: plan._id,
  title: plan.title,
  days: plan.days,
  priceFen,
  benefits: plan.benefits,
});

/** `active` as of `now`: an expired membership keeps its `until`, to say when it ended. */
export const toMembershipView = (membership: Pick<MembershipDoc, 'until'> | null, now: Date): MembershipView => ({
  active: isMemberAt(membership, now),
  until: membership ? membership.until.getTime() : null,
});

export const toAdminPlanView = (plan: MembershipPlanDoc): AdminPlanView => ({
  id: plan._id,
  title: plan.title,
  days: plan.days,
  priceFen: plan.priceFen,
  benefits: plan.benefits,
  status: plan.status,
  sort: plan.sort,
  salesCount: plan.salesCount,
});
