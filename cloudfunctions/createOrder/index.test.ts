import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';

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
