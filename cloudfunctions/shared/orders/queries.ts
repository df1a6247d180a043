/**
 * Operators' order queries, pure: which orders a listing, an export and a
 * revenue report read, for the admin functions (admin-orders.ts, on
 * wx-server-sdk) and the command line (scripts/ops, on tcb-admin-node) alike.
 * Each passes its own SDK's query command `_` and its own way of reading.
 */
import type { OrderDoc } from '../../../database-schema/orders/schema';
import type { RevenueReport } from '../../../typings/admin-api';
import { summarizeRevenue, type DayRange, type RevenueOrder } from './revenue';

/** The part of either SDK's `db.command` the filters use. */
export interface RangeCommand<C> {
  gte(value: Date): { and(condition: C): unknown };
  lt(value: Date): C;
}

export type OrderTimeField = 'createdAt' | 'paidAt' | 'refundedAt';

/** Orders whose `field` falls in the range's days. */
export const inRange = <C>(_: RangeCommand<C>, field: OrderTimeField, range: DayRange): Record<string, unknown> => ({
  [field]: _.gte(range.start).and(_.lt(range.end)),
});

/** The orders an operator lists (adminListOrders) or exports (`ops export-orders`): in a status, created in a range, either optional. */
export function operatorOrderFilter<C>(_: RangeCommand<C>, { status, created }: { status?: OrderDoc['status']; created?: DayRange }): Record<string, unknown> {
  return { ...(status ? { status } : {}), ...(created ? inRange(_, 'createdAt', created) : {}) };
}

/** What a revenue report reads of an order: `pricing` for its list price (gross) and discount. */
export const REVENUE_FIELDS = { courseId: true, courseTitle: true, amountFen: true, status: true, paidAt: true, refundedAt: true, pricing: true };

/**
 * A range's revenue (adminRevenue, `ops stats`): `scan` reads the orders whose
 * `field` falls in the range, with those fields; paid less refunded, summed.
 */
export async function revenueReport(
  range: DayRange,
  scan: (field: 'paidAt' | 'refundedAt', projection: typeof REVENUE_FIELDS) => Promise<RevenueOrder[]>,
): Promise<RevenueReport> {
  const [paid, refunded] = await Promise.all([scan('paidAt', REVENUE_FIELDS), scan('refundedAt', REVENUE_FIELDS)]);
  return summarizeRevenue(range, paid, refunded);
}
