/**
 * Operators' days and money, pure (the command line's `stats` uses it too):
 * a day is a day in Asia/Shanghai; revenue is what was paid in the range,
 * less what was refunded in it, in integer fen, beside the list prices of
 * what was paid (gross) and what discounts took off them.
 */
import { pricingOf, SETTLED_STATUSES, type OrderDoc } from '../../../database-schema/orders/schema';
import type { RevenueReport, RevenueRow } from '../../../typings/admin-api';
import { dayjs, fromBeijing, inBeijing } from '../platform/time';

/** the longest range one question may ask about */
export const MAX_RANGE_DAYS = 366;

export interface DayRange {
  from: string;
  to: string;
  /** the first instant of `from`, Beijing */
  start: Date;
  /** the first instant after `to`, Beijing */
  end: Date;
}

/** `from`..`to` inclusive, as instants; null when `to` is before `from` or the range is too long. */
export function dayRange(from: string, to: string): DayRange | null {
  const start = fromBeijing(from);
  const lastDay = fromBeijing(to);
  if (!start || !lastDay) return null;
  const end = dayjs(lastDay).add(1, 'day');
  if (!end.isAfter(start) || end.diff(start, 'day') > MAX_RANGE_DAYS) return null;
  return { from, to, start, end: end.toDate() };
}

export const beijingDay = (d: Date): string => inBeijing(d).format('YYYY-MM-DD');
export const beijingTime = (d: Date | null | undefined): string => (d ? inBeijing(d).format('YYYY-MM-DD HH:mm:ss') : '');

export type RevenueOrder = Pick<OrderDoc, 'courseId' | 'courseTitle' | 'amountFen' | 'status' | 'paidAt' | 'refundedAt' | 'pricing'>;

const emptyRow = (): RevenueRow => ({ paidCount: 0, grossFen: 0, discountFen: 0, paidFen: 0, refundedCount: 0, refundedFen: 0, netFen: 0 });

/**
 * `paid`: orders paid in the range; `refunded`: orders refunded in it (an
 * order paid in March and refunded in April counts in both months, once each).
 * Gross is what the orders paid would have cost at list price, the discount
 * what member prices, bundle credits and coupons took off it (an order from
 * before pricing: its amount, nothing off).
 */
export function summarizeRevenue(range: DayRange, paid: RevenueOrder[], refunded: RevenueOrder[]): RevenueReport {
  const days = new Map<string, RevenueRow>();
  const courses = new Map<string, RevenueRow & { courseTitle: string }>();
  const total = emptyRow();
  const rowsOf = (day: string, order: RevenueOrder) => {
    if (!days.has(day)) days.set(day, emptyRow());
    if (!courses.has(order.courseId)) courses.set(order.courseId, { ...emptyRow(), courseTitle: order.courseTitle });
    return [days.get(day)!, courses.get(order.courseId)!, total];
  };
  const inRange = (d: Date | null): d is Date => !!d && d >= range.start && d < range.end;
  for (const order of paid) {
    if (!SETTLED_STATUSES.includes(order.status) || !inRange(order.paidAt)) continue;
    const { listFen } = pricingOf(order);
    for (const row of rowsOf(beijingDay(order.paidAt), order)) {
      row.paidCount += 1;
      row.grossFen += listFen;
      row.discountFen += listFen - order.amountFen;
      row.paidFen += order.amountFen;
      row.netFen += order.amountFen;
    }
  }
  for (const order of refunded) {
    if (order.status !== 'refunded' || !inRange(order.refundedAt)) continue;
    for (const row of rowsOf(beijingDay(order.refundedAt), order)) {
      row.refundedCount += 1;
      row.refundedFen += order.amountFen;
      row.netFen -= order.amountFen;
    }
  }
  return {
    from: range.from,
    to: range.to,
    days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, row]) => ({ date, ...row })),
    courses: [...courses.entries()]
      .sort(([, a], [, b]) => b.netFen - a.netFen || b.paidCount - a.paidCount)
      .map(([courseId, row]) => ({ courseId, ...row })),
    total,
  };
}
