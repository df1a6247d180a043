/**
 * Refunds through the emulator: refundOrder (operator only) asks WeChat Pay
 * with a stable outRefundNo, refundCallback settles once WeChat Pay's refund
 * is confirmed, however often its notification comes. Refunds here complete
 * only when the test says so (refundDelayMs: null).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { useSdk } from '../../test/cloud/sdk';

let cloud: TestCloud;
let db: ReturnType<typeof WxServerSdk.database>;
beforeAll(async () => {
  cloud = await startDemoCloud({ refundDelayMs: null });
  db = (useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
}, 60_000);
afterAll(() => cloud?.stop());

const OP = DEMO_OPERATOR_OPENID;

interface PayOrderView {
  outTradeNo: string;
  state: string;
  refunds: { outRefundNo: string; refundFee: number; status: string }[];
  deliveries: { kind: string; state: string; attempts: { answer?: unknown }[] }[];
}
async function payOrder(outTradeNo: string): Promise<PayOrderView> {
  const orders = (await cloud.pay.orders()) as PayOrderView[];
  return orders.find((o) => o.outTradeNo === outTradeNo)!;
}
const orderDoc = async (id: string) => (await cloud.find('orders', { _id: id }))[0]!;
const entitlement = async (openid: string, courseId: string) => (await cloud.find('entitlements', { openid, courseId }))[0];
const salesOf = async (courseId: string) => (await cloud.find('courses', { _id: courseId }))[0]!.salesCount as number;

describe('refundOrder and refundCallback', () => {
  it('refunds in full: refunding until WeChat Pay confirms, then refunded and the course taken back once, whatever the duplicates', async () => {
    const order = await buyCourse(cloud, 'o_rf_full', 'course-time');
    const sales = await salesOf('course-time');
    const asked = await dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '学员申请退款' });
    expect(asked).toMatchObject({ outRefundNo: `R${order.outTradeNo}`, alreadyRefunded: false, order: { status: 'refunding' } });
    expect(await orderDoc(order.id)).toMatchObject({
      status: 'refunding',
      outRefundNo: `R${order.outTradeNo}`,
      refundReason: '学员申请退款',
      refundRequestedBy: OP,
      refundedAt: null,
    });
    // WeChat Pay has not moved the money yet: the learner still owns the course
    expect(await entitlement('o_rf_full', 'course-time')).toMatchObject({ status: 'active' });
    expect((await payOrder(order.outTradeNo)).refunds).toEqual([expect.objectContaining({ refundFee: 9900, status: 'PROCESSING' })]);

    // the refund completes and its notification comes four times at once
    await cloud.pay.completeRefund(`R${order.outTradeNo}`, { deliveries: 4 });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunded', refundedAt: expect.any(Date) });
    expect(await entitlement('o_rf_full', 'course-time')).toMatchObject({ status: 'revoked', revokedAt: expect.any(Date), reason: 'refund' });
    expect(await salesOf('course-time')).toBe(sales - 1);
    const deliveries = (await payOrder(order.outTradeNo)).deliveries.filter((d) => d.kind === 'refund');
    expect(deliveries).toHaveLength(4);
    expect(deliveries.every((d) => d.state === 'acknowledged')).toBe(true);

    // and once more, later
    await cloud.pay.completeRefund(`R${order.outTradeNo}`);
    expect(await salesOf('course-time')).toBe(sales - 1);
    expect((await payOrder(order.outTradeNo)).deliveries.filter((d) => d.kind === 'refund' && d.state === 'acknowledged')).toHaveLength(5);
    expect(await callAs(cloud, 'o_rf_full', 'getLesson', { lessonId: 'course-time-l3' })).toMatchObject({ ok: false, error: { code: 'NOT_PURCHASED' } });
    expect((await dataOf(cloud, 'o_rf_full', 'getOrder', { orderId: order.id })).order.status).toBe('refunded');
    // and the learner may buy it again
    await buyCourse(cloud, 'o_rf_full', 'course-time');
    expect(await entitlement('o_rf_full', 'course-time')).toMatchObject({ status: 'active', source: 'purchase' });
  });

  it('a retried refundOrder asks for the same refund and never refunds twice', async () => {
    const order = await buyCourse(cloud, 'o_rf_retry', 'course-ts');
    const first = await dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '重复购买' });
    const again = await dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '再点一次' });
    expect(again.outRefundNo).toBe(first.outRefundNo);
    const [concurrentA, concurrentB] = await Promise.all([
      dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '并发' }),
      dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '并发' }),
    ]);
    expect([concurrentA.outRefundNo, concurrentB.outRefundNo]).toEqual([first.outRefundNo, first.outRefundNo]);
    expect((await payOrder(order.outTradeNo)).refunds).toHaveLength(1);
    expect((await orderDoc(order.id)).refundReason).toBe('重复购买');

    await cloud.pay.completeRefund(first.outRefundNo);
    const after = await dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '完成后再点' });
    expect(after).toMatchObject({ alreadyRefunded: true, outRefundNo: first.outRefundNo, order: { status: 'refunded' } });
    expect((await payOrder(order.outTradeNo)).refunds).toHaveLength(1);
  });

  it('resumes a refund whose WeChat Pay call was lost: the order stays refunding and a retry sends the same number', async () => {
    const order = await buyCourse(cloud, 'o_rf_lost', 'course-time');
    // as if refundOrder had crashed between its transaction and cloudPay.refund
    await db.collection('orders').doc(order.id).update({ data: { status: 'refunding', outRefundNo: `R${order.outTradeNo}`, refundReason: '中断' } });
    expect((await payOrder(order.outTradeNo)).refunds).toEqual([]);
    const retried = await dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '重试' });
    expect(retried.outRefundNo).toBe(`R${order.outTradeNo}`);
    expect((await payOrder(order.outTradeNo)).refunds).toEqual([expect.objectContaining({ outRefundNo: `R${order.outTradeNo}`, refundFee: order.amountFen })]);
    await cloud.pay.completeRefund(`R${order.outTradeNo}`);
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunded' });
  });

  it('refuses what is not a paid order, and partial refunds', async () => {
    const { order } = await dataOf(cloud, 'o_rf_unpaid', 'createOrder', { courseId: 'course-ts' });
    expect(await callAs(cloud, OP, 'refundOrder', { orderId: order.id, reason: '未支付' })).toMatchObject({ ok: false, error: { code: 'REFUND_NOT_ALLOWED' } });
    expect(await callAs(cloud, OP, 'refundOrder', { orderId: 'T-none', reason: '不存在' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const paid = await buyCourse(cloud, 'o_rf_partial', 'course-ts');
    expect(await callAs(cloud, OP, 'refundOrder', { orderId: paid.id, reason: '部分', refundFen: 100 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callAs(cloud, OP, 'refundOrder', { orderId: paid.id, reason: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await orderDoc(paid.id)).toMatchObject({ status: 'paid', outRefundNo: null });
  });

  it('refundCallback trusts no one but WeChat Pay, and nothing but queryRefund', async () => {
    const order = await buyCourse(cloud, 'o_rf_forge', 'course-time');
    const forged = { returnCode: 'SUCCESS', outTradeNo: order.outTradeNo, outRefundNo: `R${order.outTradeNo}`, refundStatus: 'SUCCESS', refundFee: order.amountFen };
    // refused by the platform (security rule {"invoke": false}), and by the function for any SOURCE but the pay system's
    const fromClient = await cloud.call('refundCallback', forged, { openid: 'o_rf_forge', source: 'wx_client' });
    expect(fromClient.error?.errMsg).toContain('EXCEED_AUTHORITY');
    const relayed = await cloud.call('refundCallback', forged, { openid: 'o_rf_forge', source: 'wx_client,scf' });
    expect(relayed.result).toEqual({ errcode: 403, errmsg: 'FORBIDDEN' });
    const direct = await cloud.emulator.functions.invoke('refundCallback', forged, { openid: 'o_rf_forge', appid: cloud.emulator.appId, unionid: '', source: 'wx_client' });
    expect(direct).toEqual({ kind: 'returned', result: { errcode: 403, errmsg: 'FORBIDDEN' } });
    // posing as the pay system before any refund: WeChat Pay knows no such refund
    const early = await cloud.call<{ errcode: number }>('refundCallback', forged, { openid: 'o_rf_forge', source: 'wx_paycallback' });
    expect(early.result?.errcode).not.toBe(0);
    expect(await orderDoc(order.id)).toMatchObject({ status: 'paid' });

    // asked but not yet done: still processing, WeChat Pay is told to come back
    await dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '测试' });
    const processing = await cloud.call<{ errcode: number }>('refundCallback', forged, { openid: 'o_rf_forge', source: 'wx_paycallback' });
    expect(processing.result?.errcode).not.toBe(0);
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunding' });
    expect(await entitlement('o_rf_forge', 'course-time')).toMatchObject({ status: 'active' });
  });
});
