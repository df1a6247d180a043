/**
 * A membership order's days, added to and taken from the learner's
 * `memberships/{openid}` in the settlement's and the refund's own
 * transaction, and the same arithmetic for the quote's "valid until once
 * paid", so the confirm page promises what settling does.
 */
import type { MembershipDoc } from '../../../database-schema/memberships/schema';
import type { OrderDoc } from '../../../database-schema/orders/schema';
import { txDoc, type Transaction } from '../platform/cloud';
import { dayjs } from '../platform/time';

/** The end once `days` are added: from the current end while it is ahead, else from now (a lapsed membership starts again). */
export function extendedUntil(until: Date | null | undefined, now: Date, days: number): Date {
  const from = until && until.getTime() > now.getTime() ? until : now;
  return dayjs(from).add(days, 'day').toDate();
}

/**
 * The end once a refunded order's `days` are taken back, never before now:
 * a single membership refunded ends at once, while days an earlier purchase
 * added stay.
 */
export function shortenedUntil(until: Date, now: Date, days: number): Date {
  const shortened = dayjs(until).subtract(days, 'day').toDate();
  return shortened.getTime() > now.getTime() ? shortened : now;
}

type MembershipOrder = Pick<OrderDoc, '_id' | 'openid' | 'membershipDays'>;

const daysOf = (order: MembershipOrder): number => {
  // createOrder writes the plan's days on every membership order; without them there is nothing to add or take back
  if (!order.membershipDays) throw new Error(`membership order ${order._id} has no membershipDays`);
  return order.membershipDays;
};

/** A paid membership order's days added; answers the new end. Once per order: an order already counted is left alone. */
export async function extendMembership(tx: Transaction, order: MembershipOrder, now: Date): Promise<Date> {
  const current = await txDoc<MembershipDoc>(tx, 'memberships', order.openid);
  if (current?.orderIds.includes(order._id)) return current.until;
  const doc: Omit<MembershipDoc, '_id'> = {
    openid: order.openid,
    _openid: order.openid,
    until: extendedUntil(current?.until, now, daysOf(order)),
    orderIds: [...(current?.orderIds ?? []), order._id],
    updatedAt: now,
  };
  await tx.collection('memberships').doc(order.openid).set({ data: doc });
  return doc.until;
}

/** A refunded membership order's days taken back; answers the new end, or null when the order never counted. */
export async function shortenMembership(tx: Transaction, order: MembershipOrder, now: Date): Promise<Date | null> {
  const current = await txDoc<MembershipDoc>(tx, 'memberships', order.openid);
  if (!current?.orderIds.includes(order._id)) return null;
  const until = shortenedUntil(current.until, now, daysOf(order));
  const { _id, ...rest } = current;
  const doc: Omit<MembershipDoc, '_id'> = { ...rest, until, orderIds: current.orderIds.filter((id) => id !== order._id), updatedAt: now };
  await tx.collection('memberships').doc(_id).set({ data: doc });
  return until;
}
