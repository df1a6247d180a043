/**
 * Orders of every kind through their whole life, through the real functions,
 * the emulator's WeChat Pay and its notifications: a coupon reserved, given
 * back by the expiry sweep, spent on payment, kept on refund; a bundle's
 * courses granted and only those taken back; membership days added and
 * taken back; the reports and reconciliation agreeing with it all.
 * Refunds complete only when a test says so (refundDelayMs: null).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { beijingDay } from './orders/revenue';
import { buyBundle, buyCourse, buyItem, buyPlan, callAs, dataOf, demoCloudForSuite, putBundle, putCoupon, putPlan } from '../../test/cloud/demo';

const suite = demoCloudForSuite({ refundDelayMs: null });
const OP = DEMO_OPERATOR_OPENID;
const DAY = 24 * 3600_000;

const one = async (collection: string, id: string) => (await suite.cloud.find(collection, { _id: id }))[0]!;
const entitlement = async (openid: string, courseId: string) => (await suite.cloud.find('entitlements', { openid, courseId }))[0];
const refund = async (orderId: string, deliveries = 1) => {
  const { outRefundNo } = await dataOf(suite.cloud, OP, 'refundOrder', { orderId, reason: '测试退款' });
  await suite.cloud.pay.completeRefund(outRefundNo, { deliveries });
};
const sweep = () => suite.cloud.call('closeExpiredOrders', {}, { source: 'wx_trigger' });

beforeAll(async () => {
  await putBundle(suite.db, { _id: 'po-bundle', title: '三门课', courseIds: ['course-ts', 'course-cloud', 'course-art'], priceFen: 49900 });
  await putPlan(suite.db, { _id: 'po-month', title: '月卡', days: 30, priceFen: 3000 });
});

describe('a coupon through its order', () => {
  it('is reserved, given back when the order expires, spent once however often the payment is notified, and kept on refund', async () => {
    const me = 'o_po_coupon';
    await putCoupon(suite.db, { _id: 'po-c1', openid: me, discount: { type: 'percent', percentOff: 20, thresholdFen: 0 } });
    const { order: first } = await dataOf(suite.cloud, me, 'createOrder', { kind: 'course', id: 'course-time', couponId: 'po-c1' });
    expect(first.amountFen).toBe(9900 - 1980);
    expect(await one('coupons', 'po-c1')).toMatchObject({ status: 'reserved', orderId: first.id });

    await dataOf(suite.cloud, me, 'unifiedPay', { orderId: first.id });
    await suite.db.collection('orders').doc(first.id).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await sweep()).result).toMatchObject({ ok: true, data: { closed: 1 } });
    expect(await one('orders', first.id)).toMatchObject({ status: 'closed' });
    expect(await one('coupons', 'po-c1')).toMatchObject({ status: 'available', orderId: null });

    const order = await buyItem(suite.cloud, me, { kind: 'course', id: 'course-time', couponId: 'po-c1' }, { deliveries: 4 });
    expect(order.id).not.toBe(first.id);
    expect(await one('orders', order.id)).toMatchObject({ status: 'paid', amountFen: 7920, pricing: { couponId: 'po-c1', couponFen: 1980 } });
    expect(await suite.cloud.find('payments', { orderId: order.id })).toHaveLength(1);
    expect(await one('coupons', 'po-c1')).toMatchObject({ status: 'used', orderId: order.id, usedAt: expect.any(Date) });
    expect(await entitlement(me, 'course-time')).toMatchObject({ status: 'active', orderId: order.id });
    // spent: no longer offered, nor accepted
    expect((await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'course', id: 'course-art' })).coupons).toEqual([]);
    expect(await callAs(suite.cloud, me, 'createOrder', { kind: 'course', id: 'course-art', couponId: 'po-c1' })).toMatchObject({ ok: false, error: { code: 'COUPON_USED' } });

    await refund(order.id, 3);
    expect(await one('orders', order.id)).toMatchObject({ status: 'refunded' });
    expect(await entitlement(me, 'course-time')).toMatchObject({ status: 'revoked' });
    // settings/pricing refundReturnsCoupon is false by default: the coupon stays spent
    expect(await one('coupons', 'po-c1')).toMatchObject({ status: 'used', orderId: order.id });
    expect(await suite.cloud.find('incidents', { openid: me })).toEqual([]);
  });

  it('settles a late payment of a closed order whose coupon another order took meanwhile, and records the conflict', async () => {
    const me = 'o_po_conflict';
    await putCoupon(suite.db, { _id: 'po-c2', openid: me });
    const { order: late } = await dataOf(suite.cloud, me, 'createOrder', { kind: 'course', id: 'course-song', couponId: 'po-c2' });
    await dataOf(suite.cloud, me, 'unifiedPay', { orderId: late.id });
    // closed on our side with its coupon given back and taken by another order, while the pay sheet stayed open
    await suite.db.collection('orders').doc(late.id).update({ data: { status: 'closed', closedAt: new Date() } });
    const taker = { id: 'another-order' };
    await suite.db.collection('coupons').doc('po-c2').update({ data: { status: 'reserved', orderId: taker.id } });
    await suite.cloud.pay.succeed(late.outTradeNo);
    expect(await one('orders', late.id)).toMatchObject({ status: 'paid' });
    expect(await entitlement(me, 'course-song')).toMatchObject({ status: 'active', orderId: late.id });
    expect(await one('coupons', 'po-c2')).toMatchObject({ status: 'reserved', orderId: taker.id });
    expect(await suite.cloud.find('incidents', { orderId: late.id })).toEqual([
      expect.objectContaining({ kind: 'coupon_conflict', detail: { couponId: 'po-c2', couponStatus: 'reserved', heldBy: taker.id } }),
    ]);
  });
});

describe('a bundle', () => {
  it("grants the bundle's courses as they are when paid, and a refund takes back only those it granted", async () => {
    const me = 'o_po_bundle';
    await buyCourse(suite.cloud, me, 'course-ts');
    const { order } = await dataOf(suite.cloud, me, 'createOrder', { kind: 'bundle', id: 'po-bundle' });
    // a course added to the bundle before the payment comes is granted too
    await suite.db.collection('bundles').doc('po-bundle').update({ data: { courseIds: ['course-ts', 'course-cloud', 'course-art', 'course-song'] } });
    await dataOf(suite.cloud, me, 'unifiedPay', { orderId: order.id });
    await suite.cloud.pay.succeed(order.outTradeNo, { deliveries: 3 });
    await suite.db.collection('bundles').doc('po-bundle').update({ data: { courseIds: ['course-ts', 'course-cloud', 'course-art'] } });

    expect(await one('orders', order.id)).toMatchObject({ status: 'paid', grantedCourseIds: ['course-cloud', 'course-art', 'course-song'] });
    for (const courseId of ['course-cloud', 'course-art', 'course-song']) {
      expect(await entitlement(me, courseId), courseId).toMatchObject({ status: 'active', source: 'bundle', orderId: order.id });
    }
    expect(await entitlement(me, 'course-ts')).toMatchObject({ status: 'active', source: 'purchase' });
    expect((await one('bundles', 'po-bundle')).salesCount).toBe(1);
    expect(await suite.cloud.find('payments', { orderId: order.id })).toHaveLength(1);
    expect(await callAs(suite.cloud, me, 'createOrder', { kind: 'bundle', id: 'po-bundle' })).toMatchObject({ ok: false, error: { code: 'ALREADY_OWNED' } });

    await refund(order.id, 2);
    for (const courseId of ['course-cloud', 'course-art', 'course-song']) expect(await entitlement(me, courseId), courseId).toMatchObject({ status: 'revoked', reason: 'refund' });
    // owned before the bundle: stays
    expect(await entitlement(me, 'course-ts')).toMatchObject({ status: 'active', source: 'purchase' });
    expect((await one('bundles', 'po-bundle')).salesCount).toBe(0);
  });

  it('a course bought alone and then in a bundle stays owned when the course order is refunded: the bundle covers it', async () => {
    const me = 'o_po_cover';
    await putBundle(suite.db, { _id: 'po-cover', courseIds: ['course-song', 'course-run'], priceFen: 9900 });
    await putBundle(suite.db, { _id: 'po-cover-2', courseIds: ['course-run', 'course-sleep'], priceFen: 9900 });
    const single = await buyCourse(suite.cloud, me, 'course-song');
    const bundle = await buyBundle(suite.cloud, me, 'po-cover');
    const second = await buyBundle(suite.cloud, me, 'po-cover-2');
    expect(await one('orders', bundle.id)).toMatchObject({ grantedCourseIds: ['course-run'] });

    // the learner asks for the single course's money back: the bundle still gives it
    await refund(single.id);
    expect(await entitlement(me, 'course-song')).toMatchObject({ status: 'active', source: 'bundle', orderId: bundle.id });
    expect(await one('orders', bundle.id)).toMatchObject({ grantedCourseIds: ['course-run', 'course-song'] });

    // refunding the first bundle: course-run passes to the second bundle, which holds it too; course-song goes
    await refund(bundle.id);
    expect(await entitlement(me, 'course-song')).toMatchObject({ status: 'revoked' });
    expect(await entitlement(me, 'course-run')).toMatchObject({ status: 'active', orderId: second.id });
    expect(await entitlement(me, 'course-sleep')).toMatchObject({ status: 'active', orderId: second.id });

    await refund(second.id);
    for (const courseId of ['course-run', 'course-sleep']) expect(await entitlement(me, courseId), courseId).toMatchObject({ status: 'revoked' });
  });

  it('is not sold twice to its holder: a course added that has not reached them is granted instead', async () => {
    const me = 'o_po_holder';
    await putBundle(suite.db, { _id: 'po-grow', courseIds: ['course-japanese'], priceFen: 5900 });
    const bought = await buyBundle(suite.cloud, me, 'po-grow');
    // a course added without the grant pass reaching this holder (a save that stopped half-way)
    await suite.db.collection('bundles').doc('po-grow').update({ data: { courseIds: ['course-japanese', 'course-english'] } });
    expect(await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'bundle', id: 'po-grow' })).toMatchObject({ owned: true });
    expect(await callAs(suite.cloud, me, 'createOrder', { kind: 'bundle', id: 'po-grow' })).toMatchObject({ ok: false, error: { code: 'ALREADY_OWNED' } });
    expect(await suite.cloud.find('orders', { openid: me })).toHaveLength(1);
    expect(await entitlement(me, 'course-english')).toMatchObject({ status: 'active', source: 'bundle', orderId: bought.id });
    expect(await one('orders', bought.id)).toMatchObject({ grantedCourseIds: ['course-japanese', 'course-english'] });
  });
});

describe('membership', () => {
  it('bought twice runs on from the current end; refunds take back each order’s days, ending at once when none are left', async () => {
    const me = 'o_po_member';
    const start = Date.now();
    const first = await buyPlan(suite.cloud, me, 'po-month');
    const afterFirst = (await one('memberships', me)).until as Date;
    expect(afterFirst.getTime()).toBeGreaterThanOrEqual(start + 30 * DAY);
    expect(afterFirst.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    const second = await buyPlan(suite.cloud, me, 'po-month');
    expect(await one('memberships', me)).toMatchObject({ until: new Date(afterFirst.getTime() + 30 * DAY), orderIds: [first.id, second.id] });
    expect((await one('membershipPlans', 'po-month')).salesCount).toBe(2);
    expect((await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'membership', id: 'po-month' })).membership).toMatchObject({ active: true, until: afterFirst.getTime() + 30 * DAY });

    await refund(second.id, 2);
    expect(await one('memberships', me)).toMatchObject({ until: afterFirst, orderIds: [first.id] });
    await refund(first.id);
    const ended = await one('memberships', me);
    expect(ended.orderIds).toEqual([]);
    expect((ended.until as Date).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await dataOf(suite.cloud, me, 'quoteOrder', { kind: 'membership', id: 'po-month' })).membership).toMatchObject({ active: false });
  });

  it('refunded alone, ends at once', async () => {
    const me = 'o_po_once';
    const order = await buyPlan(suite.cloud, me, 'po-month');
    await refund(order.id);
    expect(((await one('memberships', me)).until as Date).getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('the books', () => {
  it("adminRevenue's gross, discounts and net agree with the orders; adminReconcile finds nothing", async () => {
    const today = beijingDay(new Date());
    const since = beijingDay(new Date(Date.now() - DAY));
    await putCoupon(suite.db, { _id: 'po-c3', openid: 'o_po_books', discount: { type: 'amount', amountFen: 5000, thresholdFen: 0 }, scope: { type: 'bundles', ids: ['po-bundle'] } });
    await buyBundle(suite.cloud, 'o_po_books', 'po-bundle', 'po-c3');

    const orders = await suite.cloud.find('orders');
    const paid = orders.filter((o) => ['paid', 'refunding', 'refunded'].includes(o.status as string));
    const refunded = orders.filter((o) => o.status === 'refunded');
    const sum = (rows: Record<string, unknown>[], value: (row: Record<string, unknown>) => number) => rows.reduce((total, row) => total + value(row), 0);
    const listOf = (o: Record<string, unknown>) => (o.pricing as { listFen: number } | undefined)?.listFen ?? (o.amountFen as number);
    const report = await dataOf(suite.cloud, OP, 'adminRevenue', { from: since, to: today });
    expect(report.total).toEqual({
      paidCount: paid.length,
      grossFen: sum(paid, listOf),
      discountFen: sum(paid, (o) => listOf(o) - (o.amountFen as number)),
      paidFen: sum(paid, (o) => o.amountFen as number),
      refundedCount: refunded.length,
      refundedFen: sum(refunded, (o) => o.amountFen as number),
      netFen: sum(paid, (o) => o.amountFen as number) - sum(refunded, (o) => o.amountFen as number),
    });
    // the coupons took something off: 1980 and 5000 at least
    expect(report.total.discountFen).toBeGreaterThanOrEqual(6980);
    expect(report.courses.find((c) => c.courseId === 'bundle-po-bundle')).toMatchObject({ courseTitle: '三门课', grossFen: 2 * 49900, discountFen: 5000 });
    expect(report.courses.find((c) => c.courseId === 'plan-po-month')).toMatchObject({ paidCount: 3, refundedCount: 3, netFen: 0 });

    const reconciled = await dataOf(suite.cloud, OP, 'adminReconcile', { from: since, to: today });
    expect(reconciled.checked).toBe(orders.length);
    expect(reconciled.findings).toEqual([]);
  });

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
