import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import { buyCourse, callAs, dataOf, putBundle, putCoupon, putPlan, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { useSdk } from '../../test/cloud/sdk';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
}, 60_000);
afterAll(() => cloud?.stop());

describe('createOrder', () => {
  it("prices the order from the course, never from the client", async () => {
    const slipped = await callAs(cloud, 'o_cheat', 'createOrder', { courseId: 'course-cloud', amountFen: 1 });
    expect(slipped).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await cloud.find('orders', { openid: 'o_cheat' })).toHaveLength(0);

    const { order, reused } = await dataOf(cloud, 'o_cheat', 'createOrder', { courseId: 'course-cloud' });
    expect(reused).toBe(false);
    expect(order).toMatchObject({ courseId: 'course-cloud', courseTitle: '微信云开发实战', amountFen: 29900, status: 'unpaid', paidAt: null });
    expect(order.outTradeNo).toMatch(/^[0-9A-Za-z]{6,32}$/);
    // 30 minutes to pay, from the payment settings
    expect(order.expiresAt - order.createdAt).toBe(30 * 60 * 1000);
    const [doc] = await cloud.find('orders', { _id: order.id });
    expect(doc).toMatchObject({ openid: 'o_cheat', _openid: 'o_cheat', amountFen: 29900, provider: 'cloudpay' });
  });

  it('reuses the open unpaid order instead of opening a second', async () => {
    const first = await dataOf(cloud, 'o_again', 'createOrder', { courseId: 'course-ts' });
    const second = await dataOf(cloud, 'o_again', 'createOrder', { courseId: 'course-ts' });
    expect(second).toMatchObject({ reused: true, order: { id: first.order.id } });
    expect(await cloud.find('orders', { openid: 'o_again' })).toHaveLength(1);
  });

  it('opens one order however many calls race for it', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => dataOf(cloud, 'o_racer', 'createOrder', { courseId: 'course-art' })));
    expect(new Set(answers.map((a) => a.order.id)).size).toBe(1);
    expect(answers.filter((a) => !a.reused)).toHaveLength(1);
    expect(await cloud.find('orders', { openid: 'o_racer' })).toHaveLength(1);
  });

  it('refuses a course already owned and a missing one', async () => {
    await buyCourse(cloud, 'o_has', 'course-sleep');
    expect(await callAs(cloud, 'o_has', 'createOrder', { courseId: 'course-sleep' })).toMatchObject({ ok: false, error: { code: 'ALREADY_OWNED' } });
    expect(await callAs(cloud, 'o_has', 'createOrder', { courseId: 'course-none' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses malformed input with no write', async () => {
    const before = (await cloud.find('orders')).length;
    for (const bad of [{}, { courseId: '' }, { courseId: 42 }, { courseId: 'x'.repeat(65) }, { courseId: 'course-ts', openid: 'o_victim' }, null, 'course-ts']) {
      expect(await callAs(cloud, 'o_bad', 'createOrder', bad as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect((await cloud.find('orders')).length).toBe(before);
  });
});

describe('unifiedPay', () => {
  it('answers the payment parameters for wx.requestPayment for the owner only', async () => {
    const { order } = await dataOf(cloud, 'o_payer', 'createOrder', { courseId: 'course-english' });
    const { payment, orderId } = await dataOf(cloud, 'o_payer', 'unifiedPay', { orderId: order.id });
    expect(orderId).toBe(order.id);
    expect(payment).toMatchObject({
      timeStamp: expect.any(String),
      nonceStr: expect.any(String),
      package: expect.stringMatching(/^prepay_id=/),
      signType: expect.any(String),
      paySign: expect.any(String),
    });
    const [payOrder] = (await cloud.pay.orders()).filter((o) => (o as { outTradeNo: string }).outTradeNo === order.outTradeNo) as Record<string, unknown>[];
    expect(payOrder).toMatchObject({ totalFee: 14900, functionName: 'payCallback' });
    expect(await callAs(cloud, 'o_thief', 'unifiedPay', { orderId: order.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a paid order', async () => {
    const order = await buyCourse(cloud, 'o_paid', 'course-japanese');
    expect(await callAs(cloud, 'o_paid', 'unifiedPay', { orderId: order.id })).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_PAYABLE' } });
  });
});

describe('getOrder and listOrders', () => {
  it("shows a learner only their own orders, newest first, by status", async () => {
    const paid = await buyCourse(cloud, 'o_history', 'course-time');
    const { order: open } = await dataOf(cloud, 'o_history', 'createOrder', { courseId: 'course-ts' });
    const all = await dataOf(cloud, 'o_history', 'listOrders', {});
    expect(all.items.map((o) => o.id)).toEqual([open.id, paid.id]);
    expect((await dataOf(cloud, 'o_history', 'listOrders', { status: 'paid' })).items.map((o) => o.id)).toEqual([paid.id]);
    expect((await dataOf(cloud, 'o_history', 'getOrder', { orderId: paid.id })).order).toMatchObject({ status: 'paid', paidAt: expect.any(Number) });
    expect(await callAs(cloud, 'o_nosy', 'getOrder', { orderId: paid.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await dataOf(cloud, 'o_nosy', 'listOrders', {})).items).toEqual([]);
  });

  it('makes no query that a declared index does not serve', () => {
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});

describe('createOrder for bundles, plans and with coupons', () => {
  let db: ReturnType<typeof WxServerSdk.database>;
  beforeAll(async () => {
    db = (useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
    await putBundle(db, { _id: 'cb-life', title: '生活专栏', courseIds: ['course-sleep', 'course-run'], priceFen: 4990 });
    await putBundle(db, { _id: 'cb-hidden', courseIds: ['course-sleep'], priceFen: 100, status: 'unpublished' });
    await putPlan(db, { _id: 'cp-year', title: '年卡', days: 365, priceFen: 19900 });
    await putPlan(db, { _id: 'cp-draft', days: 30, priceFen: 100, status: 'draft' });
  });
  const coupon = async (id: string) => (await cloud.find('coupons', { _id: id }))[0]!;
  const ordersOf = (openid: string) => cloud.find('orders', { openid });

  it('opens a bundle order and a plan order under their product keys, with the price breakdown', async () => {
    const me = 'o_co_kinds';
    const { order: bundle } = await dataOf(cloud, me, 'createOrder', { kind: 'bundle', id: 'cb-life' });
    expect(bundle).toMatchObject({ kind: 'bundle', courseId: 'bundle-cb-life', courseTitle: '生活专栏', amountFen: 4990, status: 'unpaid' });
    expect((await cloud.find('orders', { _id: bundle.id }))[0]).toMatchObject({
      kind: 'bundle',
      productId: 'cb-life',
      pricing: { listFen: 4990, memberFen: null, ownedCreditFen: 0, couponId: null, couponFen: 0, totalFen: 4990 },
    });
    const { order: plan } = await dataOf(cloud, me, 'createOrder', { kind: 'membership', id: 'cp-year' });
    expect(plan).toMatchObject({ kind: 'membership', courseId: 'plan-cp-year', courseTitle: '年卡', courseCoverUrl: '', amountFen: 19900 });
    expect((await cloud.find('orders', { _id: plan.id }))[0]).toMatchObject({ productId: 'cp-year', membershipDays: 365, courseCoverFileId: '' });
    expect((await cloud.find('pendingOrders', { openid: me })).map((s) => s.courseId).sort()).toEqual(['bundle-cb-life', 'plan-cp-year']);

    // what the pay sheet and the WeChat Pay bill say
    await dataOf(cloud, me, 'unifiedPay', { orderId: bundle.id });
    await dataOf(cloud, me, 'unifiedPay', { orderId: plan.id });
    const bodies = ((await cloud.pay.orders()) as { outTradeNo: string; body: string }[]).filter((o) => [bundle.outTradeNo, plan.outTradeNo].includes(o.outTradeNo)).map((o) => o.body);
    expect(bodies.sort()).toEqual(['专栏-生活专栏', '会员-年卡']);
  });

  it('refuses a bundle or plan not on sale, a bundle whose courses are all owned, and any price in the input, writing nothing', async () => {
    const me = 'o_co_refused';
    expect(await callAs(cloud, me, 'createOrder', { kind: 'bundle', id: 'cb-hidden' })).toMatchObject({ ok: false, error: { code: 'NOT_ON_SALE' } });
    expect(await callAs(cloud, me, 'createOrder', { kind: 'membership', id: 'cp-draft' })).toMatchObject({ ok: false, error: { code: 'NOT_ON_SALE' } });
    expect(await callAs(cloud, me, 'createOrder', { kind: 'bundle', id: 'cb-none' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const bad of [
      { kind: 'bundle', id: 'cb-life', amountFen: 1 },
      { kind: 'bundle', id: 'cb-life', priceFen: 1 },
      { kind: 'bundle', id: 'cb-life', pricing: { totalFen: 1 } },
      { kind: 'course', id: 'course-ts', couponFen: 19899 },
      { kind: 'bundle' },
      { kind: 'question', id: 'x' },
      { courseId: 'course-ts', kind: 'course', id: 'course-ts' },
    ]) {
      expect(await callAs(cloud, me, 'createOrder', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    await buyCourse(cloud, me, 'course-sleep');
    // one course of two owned: the bundle is still for sale (at full price, settings/pricing gives no credit by default)
    const { order } = await dataOf(cloud, me, 'createOrder', { kind: 'bundle', id: 'cb-life' });
    expect(order.amountFen).toBe(4990);
    await buyCourse(cloud, me, 'course-run');
    expect(await callAs(cloud, me, 'createOrder', { kind: 'bundle', id: 'cb-life' })).toMatchObject({ ok: false, error: { code: 'ALREADY_OWNED' } });
    expect((await ordersOf(me)).map((o) => o.kind).sort()).toEqual(['bundle', 'course', 'course']);
  });

  it('reserves the coupon on the order; refusals of a coupon leave it as it was and open no order', async () => {
    const me = 'o_co_coupon';
    await putCoupon(db, { _id: 'cc-10', openid: me });
    await putCoupon(db, { _id: 'cc-theirs', openid: 'o_co_other' });
    await putCoupon(db, { _id: 'cc-expired', openid: me, validUntil: new Date(Date.now() - 1000) });
    await putCoupon(db, { _id: 'cc-used', openid: me, status: 'used', orderId: 'spent-elsewhere' });
    await putCoupon(db, { _id: 'cc-plans', openid: me, scope: { type: 'membership', ids: [] } });
    await putCoupon(db, { _id: 'cc-300', openid: me, discount: { type: 'amount', amountFen: 3000, thresholdFen: 30000 } });
    const before = await cloud.find('coupons', { _id: { $regex: '^cc-' } });
    for (const [couponId, code] of [
      ['cc-theirs', 'COUPON_NOT_FOUND'],
      ['cc-nothing', 'COUPON_NOT_FOUND'],
      ['cc-expired', 'COUPON_EXPIRED'],
      ['cc-used', 'COUPON_USED'],
      ['cc-plans', 'COUPON_NOT_APPLICABLE'],
      ['cc-300', 'COUPON_NOT_APPLICABLE'],
    ] as const) {
      expect(await callAs(cloud, me, 'createOrder', { kind: 'course', id: 'course-cloud', couponId }), couponId).toMatchObject({ ok: false, error: { code } });
    }
    expect(await ordersOf(me)).toEqual([]);
    expect(await cloud.find('pendingOrders', { openid: me })).toEqual([]);
    expect(await cloud.find('coupons', { _id: { $regex: '^cc-' } })).toEqual(before);

    const { order } = await dataOf(cloud, me, 'createOrder', { kind: 'course', id: 'course-cloud', couponId: 'cc-10' });
    expect(order.amountFen).toBe(29900 - 1000);
    expect((await cloud.find('orders', { _id: order.id }))[0]!.pricing).toMatchObject({ couponId: 'cc-10', couponFen: 1000, totalFen: 28900 });
    expect(await coupon('cc-10')).toMatchObject({ status: 'reserved', orderId: order.id });
    // the plan coupon applies to a plan
    const { order: plan } = await dataOf(cloud, me, 'createOrder', { kind: 'membership', id: 'cp-year', couponId: 'cc-plans' });
    expect(plan.amountFen).toBe(19900 - 1000);
    // held by the course's order, it serves no other
    expect(await callAs(cloud, me, 'createOrder', { kind: 'course', id: 'course-art', couponId: 'cc-10' })).toMatchObject({ ok: false, error: { code: 'COUPON_USED' } });
  });

  it('reuses the open order only with the same coupon choice and total; otherwise closes it, gives its coupon back and opens another', async () => {
    const me = 'o_co_reuse';
    await putCoupon(db, { _id: 'cr-a', openid: me });
    await putCoupon(db, { _id: 'cr-b', openid: me, discount: { type: 'amount', amountFen: 2000, thresholdFen: 0 } });
    const first = await dataOf(cloud, me, 'createOrder', { kind: 'course', id: 'course-english', couponId: 'cr-a' });
    const same = await dataOf(cloud, me, 'createOrder', { kind: 'course', id: 'course-english', couponId: 'cr-a' });
    expect(same).toMatchObject({ reused: true, order: { id: first.order.id, amountFen: 13900 } });

    const other = await dataOf(cloud, me, 'createOrder', { kind: 'course', id: 'course-english', couponId: 'cr-b' });
    expect(other).toMatchObject({ reused: false, order: { amountFen: 12900 } });
    expect((await cloud.find('orders', { _id: first.order.id }))[0]).toMatchObject({ status: 'closed', closedAt: expect.any(Date) });
    expect(await coupon('cr-a')).toMatchObject({ status: 'available', orderId: null });
    expect(await coupon('cr-b')).toMatchObject({ status: 'reserved', orderId: other.order.id });

    const none = await dataOf(cloud, me, 'createOrder', { kind: 'course', id: 'course-english' });
    expect(none).toMatchObject({ reused: false, order: { amountFen: 14900 } });
    expect(await coupon('cr-b')).toMatchObject({ status: 'available', orderId: null });
    expect((await dataOf(cloud, me, 'createOrder', { kind: 'course', id: 'course-english', couponId: null })).order.id).toBe(none.order.id);

    // the price changed since: the open order at the old price is not handed back
    await db.collection('courses').doc('course-english').update({ data: { priceFen: 15900 } });
    const repriced = await dataOf(cloud, me, 'createOrder', { kind: 'course', id: 'course-english' });
    await db.collection('courses').doc('course-english').update({ data: { priceFen: 14900 } });
    expect(repriced).toMatchObject({ reused: false, order: { amountFen: 15900 } });
    expect((await cloud.find('orders', { _id: none.order.id }))[0]).toMatchObject({ status: 'closed' });
    expect((await ordersOf(me)).filter((o) => o.status === 'unpaid').map((o) => o._id)).toEqual([repriced.order.id]);
  });

  it('lets one coupon serve exactly one of five orders opened at once, the others refused with nothing written', async () => {
    const me = 'o_co_race';
    await putCoupon(db, { _id: 'race-coupon', openid: me });
    const courses = ['course-time', 'course-ts', 'course-cloud', 'course-song', 'course-art'];
    const answers = await Promise.all(courses.map((id) => callAs(cloud, me, 'createOrder', { kind: 'course', id, couponId: 'race-coupon' })));
    const won = answers.filter((a) => a.ok);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(['COUPON_USED', 'COUPON_USED', 'COUPON_USED', 'COUPON_USED']);
    const orders = await ordersOf(me);
    expect(orders).toHaveLength(1);
    expect(await cloud.find('pendingOrders', { openid: me })).toHaveLength(1);
    expect(await coupon('race-coupon')).toMatchObject({ status: 'reserved', orderId: orders[0]!._id });
  });

  it('still makes no query that a declared index does not serve', () => {
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});
