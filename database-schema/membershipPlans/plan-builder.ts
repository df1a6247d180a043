/**
 * A membership plan's content made into its document, for adminSavePlan and
 * the demo seed alike. Pure, next to the schema it builds.
 */
import { membershipPlanSchema, type MembershipPlanDoc } from './schema';

/** What an operator writes of a plan (typings/pricing-api.ts `planInputSchema` parses into this). */
export type PlanContent = { id: string } & Pick<MembershipPlanDoc, 'title' | 'days' | 'priceFen' | 'benefits' | 'status' | 'sort'>;

/** What a plan keeps across a save: its sales and creation (none for a new one). */
export type PlanHistory = Pick<MembershipPlanDoc, 'salesCount' | 'createdAt'>;

export function buildPlanDoc(input: PlanContent, existing: PlanHistory | null, now: Date): MembershipPlanDoc {
  return membershipPlanSchema.parse({
    _id: input.id,
    title: input.title,
    days: input.days,
    priceFen: input.priceFen,
    benefits: input.benefits,
    status: input.status,
    sort: input.sort,
    salesCount: existing?.salesCount ?? 0,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
}
