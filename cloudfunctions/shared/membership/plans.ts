/**
 * Membership plans (会员): those on sale with the caller's membership, for the
 * membership page; and, for operators, saving and listing them.
 */
import { buildPlanDoc } from '../../../database-schema/membershipPlans/plan-builder';
import type { MembershipPlanDoc } from '../../../database-schema/membershipPlans/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import { db, docById, docs, inTransaction, txDoc } from '../platform/cloud';
import { pricingSettings } from '../platform/settings';
import { buyerAt } from '../pricing/buyer';
import { priceBeforeCoupon } from '../pricing/pricing';
import { toAdminPlanView, toMembershipView, toPlanView } from './views';

/** More plans than a page shows, and than operators keep. */
const MAX_PLANS = 50;

export async function listPlans(openid: string): Promise<ResponseOf<'listPlans'>> {
  const now = new Date();
  const [plans, buyer, rules, counted] = await Promise.all([
    docs<MembershipPlanDoc>(db.collection('membershipPlans').where({ status: 'published' }).orderBy('sort', 'asc').limit(MAX_PLANS)),
    buyerAt(openid, now),
    pricingSettings(),
    db.collection('courses').where({ status: 'published', memberIncluded: true }).count() as Promise<{ total: number }>,
  ]);
  return {
    plans: plans.map((p) => toPlanView(p, priceBeforeCoupon({ kind: 'membership', id: p._id, listFen: p.priceFen }, buyer, rules).totalFen)),
    membership: toMembershipView(buyer.membership, now),
    memberCourseCount: counted.total,
  };
}

export async function savePlan({ plan: input, dryRun }: ParsedRequestOf<'adminSavePlan'>): Promise<ResponseOf<'adminSavePlan'>> {
  const now = new Date();
  if (dryRun) {
    const existing = await docById<MembershipPlanDoc>('membershipPlans', input.id);
    return { plan: toAdminPlanView(buildPlanDoc(input, existing, now)), created: !existing, dryRun: true };
  }
  // sales read again in the transaction that writes, so a sale meanwhile is not lost
  const saved = await inTransaction(async (tx) => {
    const before = await txDoc<MembershipPlanDoc>(tx, 'membershipPlans', input.id);
    const doc = buildPlanDoc(input, before, now);
    const { _id, ...data } = doc;
    await tx.collection('membershipPlans').doc(_id).set({ data });
    return { doc, created: !before };
  });
  return { plan: toAdminPlanView(saved.doc), created: saved.created, dryRun: false };
}

/** Every plan, whatever its status, in display order. */
export async function listPlansForOperator(): Promise<ResponseOf<'adminListPlans'>> {
  const plans = await docs<MembershipPlanDoc>(db.collection('membershipPlans').orderBy('sort', 'asc').orderBy('_id', 'asc').limit(MAX_PLANS));
  return { items: plans.map(toAdminPlanView) };
}
