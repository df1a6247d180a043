/** The revenue summary, pure: gross at list price, what discounts took off, paid, refunded, net. */
import { describe, expect, it } from 'vitest';
import { dayRange, summarizeRevenue, type RevenueOrder } from './revenue';

const range = dayRange('2026-03-01', '2026-03-31')!;
const at = (day: string) => new Date(`${day}T12:00:00+08:00`);

const priced: RevenueOrder = {
  courseId: 'bundle-b1',
  courseTitle: '专栏',
  amountFen: 29000,
  status: 'refunded',
  paidAt: at('2026-03-02'),
  refundedAt: at('2026-03-05'),
  pricing: { listFen: 39900, memberFen: null, ownedCreditFen: 9900, couponId: 'c1', couponFen: 1000, totalFen: 29000 },
};
// an order from before pricing: its amount is its list price, nothing off
const legacy: RevenueOrder = { courseId: 'course-a', courseTitle: '课', amountFen: 9900, status: 'paid', paidAt: at('2026-03-02'), refundedAt: null };

describe('summarizeRevenue', () => {
  it('adds gross at list price and the discounts beside what was paid, refunds taken off net only', () => {
    const report = summarizeRevenue(range, [priced, legacy], [priced]);
    expect(report.total).toEqual({ paidCount: 2, grossFen: 49800, discountFen: 10900, paidFen: 38900, refundedCount: 1, refundedFen: 29000, netFen: 9900 });
    expect(report.days.map((d) => [d.date, d.grossFen, d.discountFen, d.netFen])).toEqual([
      ['2026-03-02', 49800, 10900, 38900],
      ['2026-03-05', 0, 0, -29000],
    ]);
    expect(report.courses.find((c) => c.courseId === 'bundle-b1')).toMatchObject({ grossFen: 39900, discountFen: 10900, paidFen: 29000, netFen: 0 });
    expect(report.courses.find((c) => c.courseId === 'course-a')).toMatchObject({ grossFen: 9900, discountFen: 0, netFen: 9900 });
  });

  it('counts nothing paid outside the range', () => {
    const report = summarizeRevenue(range, [{ ...priced, status: 'paid', paidAt: at('2026-04-01') }], []);
    expect(report.total).toMatchObject({ paidCount: 0, grossFen: 0, discountFen: 0 });
  });
});
