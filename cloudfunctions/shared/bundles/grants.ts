/**
 * A bundle's courses granted to and taken back from its buyer, in the
 * caller's transaction: by settlement (the bundle paid), by adminSaveBundle (a
 * course added to a bundle its owners hold) and by refunds. An entitlement
 * names the bundle order that granted it, so a refund takes back only what
 * that order gave: a course owned before, or through another order, stays.
 */
import { entitlementRevocation, grantedEntitlement } from '../../../database-schema/entitlements/grant';
import { entitlementId, type EntitlementDoc } from '../../../database-schema/entitlements/schema';
import type { BundleDoc } from '../../../database-schema/bundles/schema';
import { orderKindOf, type OrderDoc } from '../../../database-schema/orders/schema';
import { db, docs, inTransaction, txDoc, type Transaction } from '../platform/cloud';

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

/**
 * In its own transaction: grants a paid bundle order's buyer the `courseIds`
 * they lack and records them on the order (so its refund takes them back).
 * An order refunded meanwhile gets nothing. Answers how many were granted.
 */
export async function grantToBundleOrder(orderId: string, courseIds: readonly string[], now: Date): Promise<number> {
  return inTransaction(async (tx) => {
    const order = await txDoc<OrderDoc>(tx, 'orders', orderId);
    if (!order || order.status !== 'paid' || orderKindOf(order) !== 'bundle') return 0;
    const given = await grantBundleCourses(tx, order, courseIds, now);
    if (given.length) {
      await tx.collection('orders').doc(orderId).update({ data: { grantedCourseIds: [...new Set([...(order.grantedCourseIds ?? []), ...given])], updatedAt: now } });
    }
    return given.length;
  });
}

/** A paid order of the learner's that may cover a course another order's refund takes back. */
export type CoverCandidate = Pick<OrderDoc, '_id' | 'kind' | 'courseId' | 'productId'>;

/**
 * The learner's other paid orders that could still give them a course: read
 * before a refund's transaction (which cannot query), re-read inside it. A
 * learner's paid orders are few; 1000 is far beyond any.
 */
export async function coverCandidates(openid: string, refundedOrderId: string): Promise<CoverCandidate[]> {
  const rows = await docs<CoverCandidate>(
    db.collection('orders').where({ openid, status: 'paid' }).field({ _id: true, kind: true, courseId: true, productId: true }).limit(1000),
  );
  return rows.filter((o) => o._id !== refundedOrderId && (orderKindOf(o) === 'course' || orderKindOf(o) === 'bundle'));
}

/**
 * In the refund's transaction: takes back each of `courseIds` that the
 * refunded order gave and that is still active, unless another paid order of
 * the learner covers it (the same course bought again, or a bundle holding
 * it): then the entitlement passes to that order, so its own refund is what
 * takes it back later. Answers the courses taken back.
 */
export async function takeBackCourses(
  tx: Transaction,
  order: Pick<OrderDoc, '_id' | 'openid'>,
  courseIds: readonly string[],
  candidates: readonly CoverCandidate[],
  now: Date,
  reason = 'refund',
): Promise<string[]> {
  const revoked: string[] = [];
  const bundles = new Map<string, BundleDoc | null>();
  /** courses passed to a covering bundle order, recorded on it once at the end */
  const passed = new Map<string, { order: OrderDoc; courseIds: string[] }>();
  for (const courseId of new Set(courseIds)) {
    const id = entitlementId(order.openid, courseId);
    const existing = await txDoc<EntitlementDoc>(tx, 'entitlements', id);
    if (existing?.status !== 'active' || existing.orderId !== order._id) continue;
    const cover = await coveringOrder(tx, candidates, courseId, bundles);
    if (!cover) {
      await tx.collection('entitlements').doc(id).update({ data: entitlementRevocation(reason, now) });
      revoked.push(courseId);
      continue;
    }
    const kind = orderKindOf(cover);
    await tx.collection('entitlements').doc(id).set({ data: grantedEntitlement({ openid: order.openid, courseId, source: kind === 'bundle' ? 'bundle' : 'purchase', orderId: cover._id, at: now }) });
    if (kind === 'bundle') {
      const entry = passed.get(cover._id) ?? { order: cover, courseIds: [] };
      entry.courseIds.push(courseId);
      passed.set(cover._id, entry);
    }
  }
  for (const { order: cover, courseIds: added } of passed.values()) {
    await tx.collection('orders').doc(cover._id).update({ data: { grantedCourseIds: [...new Set([...(cover.grantedCourseIds ?? []), ...added])], updatedAt: now } });
  }
  return revoked;
}

/** The first candidate still paid that gives `courseId`: a course order for it, or a bundle order whose bundle holds it. */
async function coveringOrder(tx: Transaction, candidates: readonly CoverCandidate[], courseId: string, bundles: Map<string, BundleDoc | null>): Promise<OrderDoc | null> {
  for (const candidate of candidates) {
    const kind = orderKindOf(candidate);
    if (kind === 'course' && candidate.courseId !== courseId) continue;
    if (kind === 'bundle' && !candidate.productId) continue;
    const order = await txDoc<OrderDoc>(tx, 'orders', candidate._id);
    if (order?.status !== 'paid') continue;
    if (kind === 'course') return order;
    const bundleId = candidate.productId!;
    if (!bundles.has(bundleId)) bundles.set(bundleId, await txDoc<BundleDoc>(tx, 'bundles', bundleId));
    if (bundles.get(bundleId)?.courseIds.includes(courseId) || order.grantedCourseIds?.includes(courseId)) return order;
  }
  return null;
}
