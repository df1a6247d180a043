/**
 * What the pricing engine needs to know of a buyer, read from the database:
 * their membership and which of some courses they own. Kept apart from
 * pricing.ts, which stays pure.
 */
import { isMemberAt, type MembershipDoc } from '../../../database-schema/memberships/schema';
import type { EntitlementDoc } from '../../../database-schema/entitlements/schema';
import { _, db, docById, docs } from '../platform/cloud';
import type { Buyer } from './pricing';

/** The caller's membership document, or null: valid only while `until` is ahead (isMemberAt). */
export const membershipOf = (openid: string): Promise<MembershipDoc | null> => docById<MembershipDoc>('memberships', openid);

/** Which of `courseIds` the learner owns (active entitlements): one indexed query. */
export async function ownedAmong(openid: string, courseIds: readonly string[]): Promise<Set<string>> {
  if (courseIds.length === 0) return new Set();
  const rows = await docs<Pick<EntitlementDoc, 'courseId'>>(
    db
      .collection('entitlements')
      .where({ openid, courseId: _.in([...courseIds]), status: 'active' })
      .field({ courseId: true })
      .limit(courseIds.length),
  );
  return new Set(rows.map((row) => row.courseId));
}

/** The buyer as pricing sees them at `now`, owning which of `courseIds` (a bundle's courses; none for others). */
export async function buyerAt(openid: string, now: Date, courseIds: readonly string[] = []): Promise<Buyer & { membership: MembershipDoc | null }> {
  const [membership, ownedCourseIds] = await Promise.all([membershipOf(openid), ownedAmong(openid, courseIds)]);
  return { openid, isMember: isMemberAt(membership, now), ownedCourseIds, membership };
}
