/**
 * A bundle's courses granted to and taken back from its buyer, in the
 * caller's transaction: by settlement (the bundle paid), by adminSaveBundle (a
 * course added to a bundle its owners hold) and by refunds. An entitlement
 * names the bundle order that granted it, so a refund takes back only what
 * that order gave: a course owned before, or through another order, stays.
 */
import { entitlementRevocation, grantedEntitlement } from '../../../database-schema/entitlements/grant';
import { entitlementId, type EntitlementDoc } from '../../../database-schema/entitlements/schema';
import type { OrderDoc } from '../../../database-schema/orders/schema';
import { txDoc, type Transaction } from '../platform/cloud';

/** Grants each of `courseIds` the buyer does not own yet; answers those granted. */
export async function grantBundleCourses(tx: Transaction, order: Pick<OrderDoc, '_id' | 'openid'>, courseIds: readonly string[], now: Date): Promise<string[]> {
  const granted: string[] = [];
  for (const courseId of courseIds) {
    const id = entitlementId(order.openid, courseId);
    const existing = await txDoc<EntitlementDoc>(tx, 'entitlements', id);
    if (existing?.status === 'active') continue;
    await tx.collection('entitlements').doc(id).set({ data: grantedEntitlement({ openid: order.openid, courseId, source: 'bundle', orderId: order._id, at: now }) });
    granted.push(courseId);
  }
  return granted;
}

/** Takes back each of `courseIds` that this order granted and that is still active; answers those taken back. */
export async function revokeBundleCourses(tx: Transaction, order: Pick<OrderDoc, '_id' | 'openid'>, courseIds: readonly string[], now: Date, reason = 'refund'): Promise<string[]> {
  const revoked: string[] = [];
  for (const courseId of new Set(courseIds)) {
    const id = entitlementId(order.openid, courseId);
    const existing = await txDoc<EntitlementDoc>(tx, 'entitlements', id);
    if (existing?.status !== 'active' || existing.orderId !== order._id) continue;
    await tx.collection('entitlements').doc(id).update({ data: entitlementRevocation(reason, now) });
    revoked.push(courseId);
  }
  return revoked;
}
