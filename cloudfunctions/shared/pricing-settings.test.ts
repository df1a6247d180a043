/**
 * What settings/pricing changes, on a cloud of its own: a function instance
 * keeps the settings it read for a minute, so they are written before any
 * function runs. A bundle takes half the list price of courses the buyer
 * owns off; a refund gives the coupon back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PricingSettingsDoc } from '../../database-schema/settings/schema';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { buyBundle, buyCourse, buyItem, dataOf, demoCloudForSuite, putBundle, putCoupon } from '../../test/cloud/demo';

const suite = demoCloudForSuite({ refundDelayMs: null });
const one = async (collection: string, id: string) => (await suite.cloud.find(collection, { _id: id }))[0]!;

beforeAll(async () => {
  const settings: Omit<PricingSettingsDoc, '_id'> = { bundleOwnedCreditPercent: 50, refundReturnsCoupon: true };
  await suite.db.collection('settings').doc('pricing').set({ data: settings });
  await putBundle(suite.db, { _id: 'ps-tech', courseIds: ['course-ts', 'course-cloud'], priceFen: 39900 });
});

describe('settings/pricing', () => {
  it('credits a share of the courses owned on a bundle, quoted and charged alike, coupon after the credit', async () => {
    const me = 'o_ps_credit';
    await buyCourse(suite.cloud, me, 'course-ts');
    const quote = await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'bundle', id: 'ps-tech', couponId: null });
    // half of course-ts's ¥199
    expect(quote.price).toEqual({ listFen: 39900, memberFen: null, ownedCreditFen: 9950, couponId: null, couponFen: 0, totalFen: 29950 });
    expect(quote.owned).toBe(false);

    await putCoupon(suite.db, { _id: 'ps-pct', openid: me, discount: { type: 'percent', percentOff: 10, thresholdFen: 0 }, scope: { type: 'bundles', ids: [] } });
    const best = await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'bundle', id: 'ps-tech' });
    expect(best.price).toMatchObject({ ownedCreditFen: 9950, couponId: 'ps-pct', couponFen: 2995, totalFen: 26955 });
    const order = await buyBundle(suite.cloud, me, 'ps-tech', 'ps-pct');
    expect(order.amountFen).toBe(best.price.totalFen);
    expect(await one('orders', order.id)).toMatchObject({ status: 'paid', grantedCourseIds: ['course-cloud'] });
  });

  it('gives the coupon of a refunded order back', async () => {
    const me = 'o_ps_return';
    await putCoupon(suite.db, { _id: 'ps-back', openid: me });
    const order = await buyItem(suite.cloud, me, { kind: 'course', id: 'course-art', couponId: 'ps-back' });
    expect(await one('coupons', 'ps-back')).toMatchObject({ status: 'used', orderId: order.id });
    const { outRefundNo } = await dataOf(suite.cloud, DEMO_OPERATOR_OPENID, 'refundOrder', { orderId: order.id, reason: '测试' });
    await suite.cloud.pay.completeRefund(outRefundNo, { deliveries: 2 });
    expect(await one('orders', order.id)).toMatchObject({ status: 'refunded' });
    expect(await one('coupons', 'ps-back')).toMatchObject({ status: 'available', orderId: null, usedAt: null });
    // and it serves again
    const again = await dataOf(suite.cloud, me, 'createOrder', { kind: 'course', id: 'course-art', couponId: 'ps-back' });
    expect(again.order.amountFen).toBe(12800 - 1000);
  });
});
