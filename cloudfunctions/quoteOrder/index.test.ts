/**
 * quoteOrder through the real wx-server-sdk: what the confirm page shows is
 * the engine's price for the caller, with the best (or the chosen) coupon,
 * and it is exactly what createOrder then charges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buyCourse, callAs, dataOf, demoCloudForSuite, putBundle, putCoupon, putPlan } from '../../test/cloud/demo';

const suite = demoCloudForSuite();
const DAY = 24 * 3600_000;

beforeAll(async () => {
  const { db } = suite;
  await putBundle(suite.db, { _id: 'qb-tech', title: '技术专栏', subtitle: '两门技术课', courseIds: ['course-ts', 'course-cloud'], priceFen: 39900 });
  await putBundle(db, { _id: 'qb-draft', courseIds: ['course-ts'], priceFen: 100, status: 'draft' });
  await putPlan(db, { _id: 'qp-month', title: '月卡', days: 30, priceFen: 3000 });
  await putPlan(db, { _id: 'qp-off', days: 30, priceFen: 3000, status: 'unpublished' });
  // a member price on one course, for members only
  await db.collection('courses').doc('course-english').update({ data: { memberPriceFen: 9900 } });
});

const noCoupon = (listFen: number) => ({ listFen, memberFen: null, ownedCreditFen: 0, couponId: null, couponFen: 0, totalFen: listFen });

describe('quoteOrder', () => {
  it('quotes a course at its list price when the caller has no coupon, and createOrder charges exactly that', async () => {
    const quote = await dataOf(suite.cloud, 'o_q_plain', 'quoteOrder', { kind: 'course', id: 'course-ts' });
    expect(quote).toMatchObject({ item: { kind: 'course', id: 'course-ts', title: 'TypeScript 从入门到实战', coverUrl: expect.stringMatching(/^https?:/) }, coupons: [], owned: false, membership: null });
    expect(quote.price).toEqual(noCoupon(19900));
    const { order } = await dataOf(suite.cloud, 'o_q_plain', 'createOrder', { kind: 'course', id: 'course-ts' });
    expect(order.amountFen).toBe(quote.price.totalFen);
  });

  it('picks the best coupon that applies, lists those that apply best first, and honours a choice of one or none', async () => {
    const me = 'o_q_coupons';
    const soon = new Date(Date.now() + DAY);
    await putCoupon(suite.db, { _id: 'qc-10', openid: me, discount: { type: 'amount', amountFen: 1000, thresholdFen: 0 } });
    await putCoupon(suite.db, { _id: 'qc-10-soon', openid: me, discount: { type: 'amount', amountFen: 1000, thresholdFen: 0 }, validUntil: soon });
    await putCoupon(suite.db, { _id: 'qc-30', openid: me, discount: { type: 'amount', amountFen: 3000, thresholdFen: 15000 } });
    await putCoupon(suite.db, { _id: 'qc-pct', openid: me, discount: { type: 'percent', percentOff: 10, thresholdFen: 0 } });
    // none of these may be offered: another course's, past its end, spent, a bundle's
    await putCoupon(suite.db, { _id: 'qc-other', openid: me, discount: { type: 'amount', amountFen: 5000, thresholdFen: 0 }, scope: { type: 'courses', ids: ['course-art'] } });
    await putCoupon(suite.db, { _id: 'qc-expired', openid: me, discount: { type: 'amount', amountFen: 9000, thresholdFen: 0 }, validUntil: new Date(Date.now() - 1000) });
    await putCoupon(suite.db, { _id: 'qc-used', openid: me, discount: { type: 'amount', amountFen: 9000, thresholdFen: 0 }, status: 'used', orderId: 'some-order' });
    await putCoupon(suite.db, { _id: 'qc-bundles', openid: me, discount: { type: 'amount', amountFen: 9000, thresholdFen: 0 }, scope: { type: 'bundles', ids: [] } });

    const best = await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-ts' });
    // 10% of 19900 is 1990; of two ¥10 coupons the one that ends sooner comes first
    expect(best.coupons.map((c) => [c.id, c.discountFen])).toEqual([['qc-30', 3000], ['qc-pct', 1990], ['qc-10-soon', 1000], ['qc-10', 1000]]);
    expect(best.coupons[0]).toMatchObject({ discountText: '满150减30', scopeText: '全场通用', status: 'available', orderId: null });
    expect(best.price).toEqual({ listFen: 19900, memberFen: null, ownedCreditFen: 0, couponId: 'qc-30', couponFen: 3000, totalFen: 16900 });

    const none = await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-ts', couponId: null });
    expect(none.price).toEqual(noCoupon(19900));
    expect(none.coupons).toHaveLength(4);
    const chosen = await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-ts', couponId: 'qc-pct' });
    expect(chosen.price).toMatchObject({ couponId: 'qc-pct', couponFen: 1990, totalFen: 17910 });

    const { order } = await dataOf(suite.cloud, me, 'createOrder', { kind: 'course', id: 'course-ts', couponId: 'qc-pct' });
    expect(order.amountFen).toBe(17910);
    // the coupon the open order holds is still the caller's to choose for that item, and only for it
    const again = await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-ts', couponId: 'qc-pct' });
    expect(again.price.totalFen).toBe(17910);
    expect(again.coupons.find((c) => c.id === 'qc-pct')).toMatchObject({ status: 'reserved', orderId: order.id });
    expect(await callAs(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-cloud', couponId: 'qc-pct' })).toMatchObject({ ok: false, error: { code: 'COUPON_USED' } });
    expect((await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-cloud' })).coupons.map((c) => c.id)).not.toContain('qc-pct');
  });

  it('refuses a coupon as the engine does: foreign, missing, spent, expired, for something else, under its threshold', async () => {
    const me = 'o_q_refused';
    await putCoupon(suite.db, { _id: 'qr-theirs', openid: 'o_q_someone_else' });
    await putCoupon(suite.db, { _id: 'qr-used', openid: me, status: 'used', orderId: 'x' });
    await putCoupon(suite.db, { _id: 'qr-expired', openid: me, validUntil: new Date(Date.now() - 1000) });
    await putCoupon(suite.db, { _id: 'qr-later', openid: me, validFrom: new Date(Date.now() + DAY) });
    await putCoupon(suite.db, { _id: 'qr-art', openid: me, scope: { type: 'courses', ids: ['course-art'] } });
    await putCoupon(suite.db, { _id: 'qr-100', openid: me, discount: { type: 'amount', amountFen: 500, thresholdFen: 10000 } });
    const refusal = async (couponId: string, id = 'course-time') => {
      const answer = await callAs(suite.cloud, me, 'quoteOrder', { kind: 'course', id, couponId });
      return answer.ok ? 'ok' : answer.error.code;
    };
    expect(await refusal('qr-theirs')).toBe('COUPON_NOT_FOUND');
    expect(await refusal('qr-nothing')).toBe('COUPON_NOT_FOUND');
    expect(await refusal('qr-used')).toBe('COUPON_USED');
    expect(await refusal('qr-expired')).toBe('COUPON_EXPIRED');
    expect(await refusal('qr-later')).toBe('COUPON_EXPIRED');
    expect(await refusal('qr-art')).toBe('COUPON_NOT_APPLICABLE');
    expect(await refusal('qr-art', 'course-art')).toBe('ok');
    // course-time is ¥99, under 满100
    expect(await refusal('qr-100')).toBe('COUPON_NOT_APPLICABLE');
    expect(await refusal('qr-100', 'course-ts')).toBe('ok');
  });

  it('quotes a member price to a member only, and a plan with the membership it ends in', async () => {
    expect((await dataOf(suite.cloud, 'o_q_member', 'quoteOrder', { kind: 'course', id: 'course-english' })).price).toEqual(noCoupon(14900));
    const plan = await dataOf(suite.cloud, 'o_q_member', 'quoteOrder', { kind: 'membership', id: 'qp-month' });
    expect(plan).toMatchObject({ item: { kind: 'membership', id: 'qp-month', title: '月卡', coverUrl: '' }, price: noCoupon(3000), owned: false });
    expect(plan.membership).toMatchObject({ active: false, until: null });
    expect(plan.membership!.untilAfter).toBeGreaterThanOrEqual(Date.now() + 30 * DAY - 60_000);
    expect(plan.membership!.untilAfter).toBeLessThanOrEqual(Date.now() + 30 * DAY);

    const until = new Date(Date.now() + 10 * DAY);
    await suite.db.collection('memberships').doc('o_q_member').set({ data: { openid: 'o_q_member', _openid: 'o_q_member', until, orderIds: ['earlier'], updatedAt: new Date() } });
    expect((await dataOf(suite.cloud, 'o_q_member', 'quoteOrder', { kind: 'course', id: 'course-english' })).price).toEqual({ ...noCoupon(14900), memberFen: 9900, totalFen: 9900 });
    const member = await dataOf(suite.cloud, 'o_q_member', 'quoteOrder', { kind: 'membership', id: 'qp-month' });
    // bought again, it runs on from the current end
    expect(member.membership).toEqual({ active: true, until: until.getTime(), untilAfter: until.getTime() + 30 * DAY });
    const { order } = await dataOf(suite.cloud, 'o_q_member', 'createOrder', { kind: 'course', id: 'course-english' });
    expect(order.amountFen).toBe(9900);
  });

  it('quotes a bundle, says owned once every course of it is, and refuses what is not on sale', async () => {
    const me = 'o_q_bundle';
    const first = await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'bundle', id: 'qb-tech' });
    expect(first).toMatchObject({ item: { kind: 'bundle', id: 'qb-tech', title: '技术专栏', subtitle: '两门技术课' }, price: noCoupon(39900), owned: false, membership: null });
    await buyCourse(suite.cloud, me, 'course-ts');
    // no credit for an owned course by default (settings/pricing bundleOwnedCreditPercent 0)
    expect(await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'bundle', id: 'qb-tech' })).toMatchObject({ price: noCoupon(39900), owned: false });
    await buyCourse(suite.cloud, me, 'course-cloud');
    expect(await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'bundle', id: 'qb-tech' })).toMatchObject({ owned: true });
    expect(await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-ts' })).toMatchObject({ owned: true });

    for (const [kind, id, code] of [
      ['bundle', 'qb-draft', 'NOT_ON_SALE'],
      ['bundle', 'qb-none', 'NOT_FOUND'],
      ['membership', 'qp-off', 'NOT_ON_SALE'],
      ['membership', 'qp-none', 'NOT_FOUND'],
      ['course', 'course-none', 'NOT_FOUND'],
    ] as const) {
      expect(await callAs(suite.cloud, me, 'quoteOrder', { kind, id }), `${kind} ${id}`).toMatchObject({ ok: false, error: { code } });
    }
    for (const bad of [{ kind: 'question', id: 'x' }, { kind: 'course' }, { kind: 'course', id: 'course-ts', priceFen: 1 }, { kind: 'course', id: 'course-ts', openid: 'o_victim' }]) {
      expect(await callAs(suite.cloud, me, 'quoteOrder', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
