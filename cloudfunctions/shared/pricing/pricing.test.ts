import { describe, expect, it } from 'vitest';
import { applicableCoupons, couponVerdict, discountText, priceBeforeCoupon, priceItem, type Buyer, type PricedCoupon, type PricedItem } from './pricing';

const now = new Date('2026-12-03T12:00:00+08:00');
const day = 24 * 3600 * 1000;
const course: PricedItem = { kind: 'course', id: 'c1', categoryId: 'cat-a', listFen: 9900, memberFen: 5900 };
const plainCourse: PricedItem = { kind: 'course', id: 'c2', categoryId: 'cat-b', listFen: 1999, memberFen: null };
const bundle: PricedItem = { kind: 'bundle', id: 'b1', listFen: 19900, courses: [{ id: 'c1', listFen: 9900 }, { id: 'c2', listFen: 1999 }, { id: 'c3', listFen: 15000 }] };
const plan: PricedItem = { kind: 'membership', id: 'month', listFen: 3000 };
const stranger: Buyer = { openid: 'me', isMember: false, ownedCourseIds: new Set() };
const member: Buyer = { ...stranger, isMember: true };
const ownsTwo: Buyer = { ...stranger, ownedCourseIds: new Set(['c1', 'c2']) };
const noCredit = { bundleOwnedCreditPercent: 0 };
const halfCredit = { bundleOwnedCreditPercent: 50 };
const fullCredit = { bundleOwnedCreditPercent: 100 };

function coupon(over: Partial<PricedCoupon> = {}): PricedCoupon {
  return {
    _id: 'k1',
    openid: 'me',
    discount: { type: 'amount', amountFen: 1000, thresholdFen: 0 },
    scope: { type: 'all' },
    validFrom: new Date(now.getTime() - day),
    validUntil: new Date(now.getTime() + day),
    status: 'available',
    orderId: null,
    ...over,
  };
}

describe('priceBeforeCoupon', () => {
  it.each([
    ['course, no membership: list price', course, stranger, noCredit, { memberFen: null, ownedCreditFen: 0, totalFen: 9900 }],
    ['course, member: member price', course, member, noCredit, { memberFen: 5900, ownedCreditFen: 0, totalFen: 5900 }],
    ['course without member price, member: list price', plainCourse, member, noCredit, { memberFen: null, ownedCreditFen: 0, totalFen: 1999 }],
    ['member price not below list is ignored', { ...course, memberFen: 9900 } as PricedItem, member, noCredit, { memberFen: null, totalFen: 9900 }],
    ['bundle, nothing owned', bundle, stranger, halfCredit, { ownedCreditFen: 0, totalFen: 19900 }],
    ['bundle, two owned, no credit by default', bundle, ownsTwo, noCredit, { ownedCreditFen: 0, totalFen: 19900 }],
    ['bundle, two owned, 50%: floor((9900+1999)/2)', bundle, ownsTwo, halfCredit, { ownedCreditFen: 5949, totalFen: 13951 }],
    ['bundle credit never below 1 fen', { ...bundle, listFen: 5000 } as PricedItem, ownsTwo, fullCredit, { ownedCreditFen: 4999, totalFen: 1 }],
    ['member price does not apply to bundles', bundle, { ...member, ownedCourseIds: new Set<string>() }, noCredit, { memberFen: null, totalFen: 19900 }],
    ['plan: list price, member or not', plan, member, halfCredit, { memberFen: null, ownedCreditFen: 0, totalFen: 3000 }],
  ])('%s', (_name, item, buyer, rules, expected) => {
    const price = priceBeforeCoupon(item, buyer, rules);
    expect(price).toMatchObject({ listFen: item.listFen, ...expected });
    expect(Number.isInteger(price.totalFen)).toBe(true);
  });
});

describe('coupons', () => {
  it.each([
    ['无门槛 amount', coupon(), course, stranger, 9900 - 1000, 1000],
    ['满减 over its threshold', coupon({ discount: { type: 'amount', amountFen: 2000, thresholdFen: 9900 } }), course, stranger, 7900, 2000],
    ['满减 on the member price', coupon({ discount: { type: 'amount', amountFen: 2000, thresholdFen: 5000 } }), course, member, 3900, 2000],
    ['percent 15% off rounds the discount down', coupon({ discount: { type: 'percent', percentOff: 15, thresholdFen: 0 } }), plainCourse, stranger, 1999 - 299, 299],
    ['percent on a bundle after the owned credit', coupon({ discount: { type: 'percent', percentOff: 10, thresholdFen: 0 }, scope: { type: 'bundles', ids: [] } }), bundle, ownsTwo, 13951 - 1395, 1395],
    ['amount larger than the price leaves 1 fen', coupon({ discount: { type: 'amount', amountFen: 100000, thresholdFen: 0 } }), plan, stranger, 1, 2999],
    ['percent 99% of 50 fen: floor 49, leaves 1', coupon({ discount: { type: 'percent', percentOff: 99, thresholdFen: 0 } }), { ...plan, listFen: 50 } as PricedItem, stranger, 1, 49],
    ['category scope', coupon({ scope: { type: 'categories', ids: ['cat-a'] } }), course, stranger, 8900, 1000],
    ['course scope', coupon({ scope: { type: 'courses', ids: ['c2'] } }), plainCourse, stranger, 999, 1000],
    ['membership scope, any plan', coupon({ scope: { type: 'membership', ids: [] } }), plan, stranger, 2000, 1000],
    ['membership scope, this plan', coupon({ scope: { type: 'membership', ids: ['month'] } }), plan, stranger, 2000, 1000],
  ])('%s', (_name, k, item, buyer, totalFen, couponFen) => {
    const result = priceItem(item, buyer, item.kind === 'bundle' ? halfCredit : noCredit, k, now);
    expect(result).toEqual({ ok: true, price: expect.objectContaining({ totalFen, couponFen, couponId: 'k1' }) });
    if (result.ok) {
      expect(result.price.totalFen).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(result.price.couponFen)).toBe(true);
      const before = result.price.memberFen ?? result.price.listFen;
      expect(before - result.price.ownedCreditFen - result.price.couponFen).toBe(result.price.totalFen);
    }
  });

  it.each([
    ['someone else’s', coupon({ openid: 'other' }), course, 'COUPON_NOT_FOUND'],
    ['spent', coupon({ status: 'used', orderId: 'o1' }), course, 'COUPON_USED'],
    ['held by another order', coupon({ status: 'reserved', orderId: 'o1' }), course, 'COUPON_USED'],
    ['expired', coupon({ validUntil: now }), course, 'COUPON_EXPIRED'],
    ['not yet valid', coupon({ validFrom: new Date(now.getTime() + 1) }), course, 'COUPON_EXPIRED'],
    ['under its threshold', coupon({ discount: { type: 'amount', amountFen: 500, thresholdFen: 10000 } }), course, 'COUPON_NOT_APPLICABLE'],
    ['another category', coupon({ scope: { type: 'categories', ids: ['cat-b'] } }), course, 'COUPON_NOT_APPLICABLE'],
    ['a course coupon on a bundle', coupon({ scope: { type: 'courses', ids: ['c1'] } }), bundle, 'COUPON_NOT_APPLICABLE'],
    ['a bundle coupon on a course', coupon({ scope: { type: 'bundles', ids: [] } }), course, 'COUPON_NOT_APPLICABLE'],
    ['another plan', coupon({ scope: { type: 'membership', ids: ['year'] } }), plan, 'COUPON_NOT_APPLICABLE'],
    ['nothing to take off 1 fen', coupon(), { ...plan, listFen: 1 } as PricedItem, 'COUPON_NOT_APPLICABLE'],
  ])('refuses a coupon %s', (_name, k, item, code) => {
    expect(priceItem(item, stranger, noCredit, k, now)).toMatchObject({ ok: false, code });
  });

  it('lets an order re-priced keep the coupon it holds', () => {
    const held = coupon({ status: 'reserved', orderId: 'o1' });
    expect(couponVerdict(held, course, 9900, stranger, now, 'o1')).toEqual({ ok: true, discountFen: 1000 });
  });

  it('ranks coupons: largest discount, then soonest to expire, only applicable ones', () => {
    const coupons = [
      coupon({ _id: 'small' }),
      coupon({ _id: 'big-late', discount: { type: 'amount', amountFen: 3000, thresholdFen: 0 }, validUntil: new Date(now.getTime() + 5 * day) }),
      coupon({ _id: 'big-soon', discount: { type: 'amount', amountFen: 3000, thresholdFen: 0 } }),
      coupon({ _id: 'pct', discount: { type: 'percent', percentOff: 20, thresholdFen: 0 } }),
      coupon({ _id: 'bundle-only', scope: { type: 'bundles', ids: [] } }),
      coupon({ _id: 'spent', status: 'used' }),
    ];
    expect(applicableCoupons(course, stranger, noCredit, coupons, now).map((k) => [k._id, k.discountFen])).toEqual([
      ['big-soon', 3000],
      ['big-late', 3000],
      ['pct', 1980],
      ['small', 1000],
    ]);
  });

  it.each([
    [{ type: 'amount', amountFen: 2000, thresholdFen: 10000 }, '满100减20'],
    [{ type: 'amount', amountFen: 990, thresholdFen: 0 }, '无门槛减9.90'],
    [{ type: 'percent', percentOff: 15, thresholdFen: 0 }, '8.5折'],
    [{ type: 'percent', percentOff: 10, thresholdFen: 5000 }, '满50享9折'],
  ] as const)('shows %j as %s', (discount, text) => {
    expect(discountText(discount)).toBe(text);
  });
});

describe('every combination stays in integer fen, at least 1, never above the list price', () => {
  const items: PricedItem[] = [course, plainCourse, bundle, plan, { ...plan, listFen: 1 }, { ...course, listFen: 3, memberFen: 2 }];
  const buyers = [stranger, member, ownsTwo, { ...ownsTwo, isMember: true }];
  const rules = [noCredit, { bundleOwnedCreditPercent: 33 }, fullCredit];
  const coupons: (PricedCoupon | null)[] = [
    null,
    coupon(),
    coupon({ discount: { type: 'amount', amountFen: 999999, thresholdFen: 0 } }),
    coupon({ discount: { type: 'amount', amountFen: 700, thresholdFen: 2000 } }),
    coupon({ discount: { type: 'percent', percentOff: 1, thresholdFen: 0 } }),
    coupon({ discount: { type: 'percent', percentOff: 33, thresholdFen: 0 } }),
    coupon({ discount: { type: 'percent', percentOff: 99, thresholdFen: 100 } }),
  ];
  it('holds for all of them', () => {
    let priced = 0;
    for (const item of items)
      for (const buyer of buyers)
        for (const rule of rules)
          for (const k of coupons) {
            const result = priceItem(item, buyer, rule, k, now);
            if (!result.ok) continue;
            priced += 1;
            const p = result.price;
            for (const v of [p.listFen, p.ownedCreditFen, p.couponFen, p.totalFen]) expect(Number.isInteger(v)).toBe(true);
            expect(p.totalFen).toBeGreaterThanOrEqual(1);
            expect(p.totalFen).toBeLessThanOrEqual(p.listFen);
            expect(p.couponFen).toBeGreaterThanOrEqual(0);
            expect((p.memberFen ?? p.listFen) - p.ownedCreditFen - p.couponFen).toBe(p.totalFen);
          }
    expect(priced).toBeGreaterThan(300);
  });
});
