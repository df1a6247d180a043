/**
 * Virtual payment (xpay) end to end on the emulator, through the real
 * wx-server-sdk: virtualPay's signatures against values computed here with
 * node:crypto and the emulator's keys, the payment sheet, the delivery push
 * (xpayNotify) trusting nothing but query_order, the timer making up for a
 * lost push, refunds, and the ledger across both providers.
 */
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { EMULATOR_APP_SECRET, EMULATOR_XPAY_APP_KEY } from '../../emulator/xpay/keys';
import { callAs, dataOf, demoCloudForSuite, putCoupon } from '../../test/cloud/demo';
import { requestJson } from '../../test/http';
import type { ResponseOf } from '../../typings/api';

const suite = demoCloudForSuite({ pushRetrySchedule: [50, 100, 200, 400], refundDelayMs: null });
const OP = DEMO_OPERATOR_OPENID;
const XPAY = { offerId: '1450000001', env: 0 as const };

beforeAll(async () => {
  // before any function reads the settings (a warm instance keeps them a minute): iOS pays by xpay, the rest by cloudpay
  await suite.db.collection('settings').doc('payment').update({ data: { providerByPlatform: { ios: 'xpay' }, xpay: XPAY } });
});

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** What the preview's wx.login hands the page: a one-time code for the learner. */
async function loginCode(openid: string): Promise<string> {
  return (await requestJson<{ code: string }>(`${suite.cloud.url}/api/xpay/login`, 'POST', { openid })).code;
}

/** The learner's session_key, as WeChat's code2Session tells a server holding the AppSecret. */
async function sessionKey(openid: string): Promise<string> {
  const query = new URLSearchParams({ appid: suite.cloud.emulator.appId, secret: EMULATOR_APP_SECRET, js_code: await loginCode(openid), grant_type: 'authorization_code' });
  const answer = await requestJson<{ openid: string; session_key: string }>(`${suite.cloud.url}/sns/jscode2session?${query.toString()}`, 'GET');
  expect(answer.openid).toBe(openid);
  return answer.session_key;
}

type Params = ResponseOf<'virtualPay'>;
interface PayAnswer {
  errCode: number;
  order?: { status: number; pushes: unknown[] };
}

/** The sheet's 确认支付, with fault injection (lost push, duplicates, another amount or product). */
function paySheet(openid: string, params: Params, faults: { deliveries?: number; lose?: boolean; paidFee?: number; productId?: string } = {}) {
  const { signData, paySig, signature } = params;
  return requestJson<PayAnswer>(`${suite.cloud.url}/api/xpay/pay`, 'POST', { openid, signData, paySig, signature, wait: true, ...faults });
}

async function xpayOrderOf(outTradeNo: string): Promise<{ status: number; product_id?: string; productId?: string }> {
  return (await requestJson<{ order: { status: number } }>(`${suite.cloud.url}/api/xpay/orders/${outTradeNo}`, 'GET')).order;
}

/** An iOS learner's order for a course, and virtualPay's parameters for it. */
async function xpayOrder(openid: string, courseId: string) {
  const { order } = await dataOf(suite.cloud, openid, 'createOrder', { courseId, platform: 'ios' });
  const params = await dataOf(suite.cloud, openid, 'virtualPay', { orderId: order.id, code: await loginCode(openid) });
  return { order, params };
}

async function owns(openid: string, courseId: string) {
  const [entitlement] = await suite.cloud.find('entitlements', { openid, courseId });
  return entitlement?.status === 'active';
}

const ourOrder = async (id: string) => (await suite.cloud.find('orders', { _id: id }))[0]!;

describe('virtualPay', () => {
  it('signs signData with the AppKey and the learner session_key exactly as computed independently', async () => {
    const { order, params } = await xpayOrder('o_xp_sign', 'course-ts');
    expect((await ourOrder(order.id)).provider).toBe('xpay');
    const expected = JSON.stringify({
      offerId: XPAY.offerId,
      buyQuantity: 1,
      env: 0,
      currencyType: 'CNY',
      productId: `course_ts_${order.amountFen}`,
      goodsPrice: order.amountFen,
      outTradeNo: order.outTradeNo,
      attach: order.id,
    });
    expect(params).toEqual({
      orderId: order.id,
      signData: expected,
      paySig: hmac(EMULATOR_XPAY_APP_KEY, `requestVirtualPayment&${expected}`),
      signature: hmac(await sessionKey('o_xp_sign'), expected),
      mode: 'short_series_goods',
    });
    // a known vector, so the helper above is itself checked: RFC 4231 test case 2
    expect(hmac('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');

    // the sheet accepts them; the push settles the order, and delivery is confirmed
    expect((await paySheet('o_xp_sign', params)).errCode).toBe(0);
    expect(await ourOrder(order.id)).toMatchObject({ status: 'paid', paidAt: expect.any(Date) });
    expect(await suite.cloud.find('payments', { orderId: order.id })).toEqual([
      expect.objectContaining({ provider: 'xpay', amountFen: order.amountFen, openid: 'o_xp_sign', transactionId: expect.any(String) }),
    ]);
    expect(await owns('o_xp_sign', 'course-ts')).toBe(true);
    expect((await xpayOrderOf(order.outTradeNo)).status).toBe(4);
  });

  it("refuses a used code, another learner's code, a cloudpay order; unifiedPay refuses an xpay order", async () => {
    const { order: mine } = await dataOf(suite.cloud, 'o_xp_code', 'createOrder', { courseId: 'course-cloud', platform: 'ios' });
    const code = await loginCode('o_xp_code');
    await dataOf(suite.cloud, 'o_xp_code', 'virtualPay', { orderId: mine.id, code });
    expect(await callAs(suite.cloud, 'o_xp_code', 'virtualPay', { orderId: mine.id, code })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await callAs(suite.cloud, 'o_xp_code', 'virtualPay', { orderId: mine.id, code: await loginCode('o_xp_other') })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // another learner's order is not found, whatever their code
    expect(await callAs(suite.cloud, 'o_xp_other', 'virtualPay', { orderId: mine.id, code: await loginCode('o_xp_other') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await callAs(suite.cloud, 'o_xp_code', 'unifiedPay', { orderId: mine.id })).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_PAYABLE' } });

    const { order: android } = await dataOf(suite.cloud, 'o_xp_code', 'createOrder', { courseId: 'course-time', platform: 'android' });
    expect((await ourOrder(android.id)).provider).toBe('cloudpay');
    expect(await callAs(suite.cloud, 'o_xp_code', 'virtualPay', { orderId: android.id, code: await loginCode('o_xp_code') })).toMatchObject({
      ok: false,
      error: { code: 'ORDER_NOT_PAYABLE' },
    });
  });
});

describe('the platform picks the provider', () => {
  it('login and quoteOrder say how the platform pays; xpay takes no coupon', async () => {
    expect((await dataOf(suite.cloud, 'o_xp_plat', 'login', { platform: 'ios' })).payment).toEqual({ provider: 'xpay' });
    expect((await dataOf(suite.cloud, 'o_xp_plat', 'login', { platform: 'android' })).payment).toEqual({ provider: 'cloudpay' });
    expect((await dataOf(suite.cloud, 'o_xp_plat', 'login', {})).payment).toEqual({ provider: 'cloudpay' });

    const coupon = await putCoupon(suite.db, { _id: 'cp-xp-plat', openid: 'o_xp_plat' });
    const android = await dataOf(suite.cloud, 'o_xp_plat', 'quoteOrder', { kind: 'course', id: 'course-song', platform: 'android' });
    expect(android).toMatchObject({ payWith: 'cloudpay', price: { couponId: coupon._id } });
    const ios = await dataOf(suite.cloud, 'o_xp_plat', 'quoteOrder', { kind: 'course', id: 'course-song', platform: 'ios' });
    expect(ios).toMatchObject({ payWith: 'xpay', coupons: [], price: { couponId: null, couponFen: 0, totalFen: android.price.listFen } });
    expect(await callAs(suite.cloud, 'o_xp_plat', 'quoteOrder', { kind: 'course', id: 'course-song', couponId: coupon._id, platform: 'ios' })).toMatchObject({
      ok: false,
      error: { code: 'COUPON_NOT_APPLICABLE' },
    });
    expect(await callAs(suite.cloud, 'o_xp_plat', 'createOrder', { kind: 'course', id: 'course-song', couponId: coupon._id, platform: 'ios' })).toMatchObject({
      ok: false,
      error: { code: 'COUPON_NOT_APPLICABLE', message: '虚拟支付暂不支持优惠券' },
    });
    expect((await suite.cloud.find('coupons', { _id: coupon._id }))[0]).toMatchObject({ status: 'available', orderId: null });
  });

  it('reuses an open order only when it is paid the same way', async () => {
    const first = await dataOf(suite.cloud, 'o_xp_reuse', 'createOrder', { courseId: 'course-run', platform: 'android' });
    const again = await dataOf(suite.cloud, 'o_xp_reuse', 'createOrder', { courseId: 'course-run', platform: 'android' });
    expect(again).toMatchObject({ reused: true, order: { id: first.order.id } });
    const ios = await dataOf(suite.cloud, 'o_xp_reuse', 'createOrder', { courseId: 'course-run', platform: 'ios' });
    expect(ios.reused).toBe(false);
    expect(await ourOrder(first.order.id)).toMatchObject({ status: 'closed' });
    expect(await ourOrder(ios.order.id)).toMatchObject({ status: 'unpaid', provider: 'xpay' });
  });
});

describe('xpayNotify', () => {
  it('refuses a learner calling it and grants nothing', async () => {
    const { order } = await xpayOrder('o_xp_forge', 'course-sleep');
    const push = { ToUserName: 'gh_x', FromUserName: 'o_xp_forge', CreateTime: 1, MsgType: 'event', Event: 'xpay_goods_deliver_notify', OpenId: 'o_xp_forge', OutTradeNo: order.outTradeNo, Env: 0 };
    // the platform refuses first: its security rule is {"invoke": false}
    const answer = await suite.cloud.call('xpayNotify', push, { openid: 'o_xp_forge', source: 'wx_client' });
    expect(answer.error?.errMsg).toContain('EXCEED_AUTHORITY');
    // the function itself refuses a client, directly or passed on
    const identity = { openid: 'o_xp_forge', appid: suite.cloud.emulator.appId, unionid: '' };
    expect(await suite.cloud.emulator.functions.invoke('xpayNotify', push, { ...identity, source: 'wx_client' })).toEqual({
      kind: 'returned',
      result: { ErrCode: 1, ErrMsg: 'forbidden' },
    });
    expect((await suite.cloud.call('xpayNotify', push, { openid: 'o_xp_forge', source: 'wx_client,scf' })).result).toEqual({ ErrCode: 1, ErrMsg: 'forbidden' });
    expect((await suite.cloud.call('xpayNotify', { courseId: 'course-sleep' }, { openid: 'o_xp_forge', source: 'scf' })).result).toEqual({ ErrCode: 1, ErrMsg: 'forbidden' });
    expect(await ourOrder(order.id)).toMatchObject({ status: 'unpaid' });
    expect(await owns('o_xp_forge', 'course-sleep')).toBe(false);
  });

  it('grants nothing for a push of an unpaid order: query_order is asked, not the push believed', async () => {
    const { order } = await xpayOrder('o_xp_unpaid', 'course-sleep');
    const event = {
      ToUserName: 'gh_x',
      FromUserName: 'o_xp_unpaid',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'xpay_goods_deliver_notify',
      OpenId: 'o_xp_unpaid',
      OutTradeNo: order.outTradeNo,
      Env: 0,
      WeChatPayInfo: { MchOrderNo: 'x', TransactionId: '4200000000000000000000000009', PaidTime: 1 },
      GoodsInfo: { ProductId: `course_sleep_${order.amountFen}`, Quantity: 1, OrigPrice: order.amountFen, ActualPrice: order.amountFen, Attach: order.id },
    };
    const { outcome } = await requestJson<{ outcome: { kind: string; result: { ErrCode: number } } }>(`${suite.cloud.url}/api/xpay/push`, 'POST', { event });
    expect(outcome.kind).toBe('returned');
    expect(outcome.result.ErrCode).not.toBe(0);
    expect(await ourOrder(order.id)).toMatchObject({ status: 'unpaid' });
    expect(await suite.cloud.find('payments', { orderId: order.id })).toEqual([]);
    expect(await owns('o_xp_unpaid', 'course-sleep')).toBe(false);
  });

  it('records another amount or another product for operators, and grants nothing', async () => {
    const cheap = await xpayOrder('o_xp_cheap', 'course-art');
    await paySheet('o_xp_cheap', cheap.params, { paidFee: 1 });
    const other = await xpayOrder('o_xp_other_product', 'course-art');
    await paySheet('o_xp_other_product', other.params, { productId: 'course_art_1' });
    for (const [openid, { order }] of [
      ['o_xp_cheap', cheap],
      ['o_xp_other_product', other],
    ] as const) {
      expect(await ourOrder(order.id)).toMatchObject({ status: 'unpaid' });
      expect(await suite.cloud.find('payments', { orderId: order.id })).toEqual([]);
      expect(await owns(openid, 'course-art')).toBe(false);
      expect(await suite.cloud.find('incidents', { outTradeNo: order.outTradeNo })).toEqual([expect.objectContaining({ kind: 'amount_mismatch', orderId: order.id })]);
    }
    expect((await suite.cloud.find('incidents', { outTradeNo: cheap.order.outTradeNo }))[0]!.detail).toMatchObject({ paidFen: 1, orderFen: cheap.order.amountFen });
    expect((await suite.cloud.find('incidents', { outTradeNo: other.order.outTradeNo }))[0]!.detail).toMatchObject({
      paidProductId: 'course_art_1',
      orderProductId: `course_art_${other.order.amountFen}`,
    });
  });

  it('settles once however many pushes arrive at the same moment', async () => {
    const [before] = await suite.cloud.find('courses', { _id: 'course-english' });
    const { order, params } = await xpayOrder('o_xp_dupes', 'course-english');
    const paid = await paySheet('o_xp_dupes', params, { deliveries: 10 });
    expect(paid.errCode).toBe(0);
    expect(await suite.cloud.find('payments', { orderId: order.id })).toHaveLength(1);
    expect(await suite.cloud.find('entitlements', { openid: 'o_xp_dupes' })).toHaveLength(1);
    const [after] = await suite.cloud.find('courses', { _id: 'course-english' });
    expect(after!.salesCount).toBe((before!.salesCount as number) + 1);
    expect(await ourOrder(order.id)).toMatchObject({ status: 'paid' });
  });
});

describe('reconcileXpayOrders', () => {
  it('settles a payment whose push was lost, and confirms its delivery', async () => {
    const { order, params } = await xpayOrder('o_xp_lost', 'course-japanese');
    expect((await paySheet('o_xp_lost', params, { lose: true })).errCode).toBe(0);
    expect(await ourOrder(order.id)).toMatchObject({ status: 'unpaid' });
    expect((await xpayOrderOf(order.outTradeNo)).status).toBe(2);

    const fired = await fetch(`${suite.cloud.url}/api/triggers/reconcileXpayOrders/reconcileXpayOrdersEvery5Minutes`, { method: 'POST' });
    const { result } = (await fired.json()) as { result: { ok: boolean; data: { settled: number; failed: number; checked: number } } };
    expect(result).toMatchObject({ ok: true, data: { failed: 0 } });
    expect(result.data.settled).toBeGreaterThanOrEqual(1);
    expect(await ourOrder(order.id)).toMatchObject({ status: 'paid' });
    expect(await owns('o_xp_lost', 'course-japanese')).toBe(true);
    expect(await suite.cloud.find('payments', { orderId: order.id })).toEqual([expect.objectContaining({ provider: 'xpay' })]);
    expect((await xpayOrderOf(order.outTradeNo)).status).toBe(4);

    // the next run finds it settled: no second payment
    await suite.cloud.call('reconcileXpayOrders', {}, { source: 'wx_trigger' });
    expect(await suite.cloud.find('payments', { orderId: order.id })).toHaveLength(1);
  });

  it('is not for learners', async () => {
    const asClient = await suite.cloud.emulator.functions.invoke('reconcileXpayOrders', {}, { openid: 'o_x', appid: suite.cloud.emulator.appId, unionid: '', source: 'wx_client' });
    expect(asClient).toMatchObject({ kind: 'returned', result: { ok: false, error: { code: 'FORBIDDEN' } } });
  });
});

describe('refunds of xpay orders', () => {
  it('refundOrder asks refund_order; the order is refunded when xpay_refund_notify comes and query_order shows it', async () => {
    const { order, params } = await xpayOrder('o_xp_refund', 'course-ts');
    await paySheet('o_xp_refund', params);
    const asked = await dataOf(suite.cloud, OP, 'refundOrder', { orderId: order.id, reason: '学员申请退款' });
    expect(asked).toMatchObject({ alreadyRefunded: false, order: { status: 'refunding' } });
    // still processing at WeChat: the timer leaves it refunding
    const pending = await suite.cloud.call<{ ok: true; data: { pending: number } }>('reconcileXpayOrders', {}, { source: 'wx_trigger' });
    expect(pending.result!.data.pending).toBeGreaterThanOrEqual(1);
    expect(await ourOrder(order.id)).toMatchObject({ status: 'refunding' });
    expect(await owns('o_xp_refund', 'course-ts')).toBe(true);

    await requestJson(`${suite.cloud.url}/api/xpay/refunds/${asked.outRefundNo}/complete`, 'POST', { wait: true, deliveries: 3 });
    expect(await ourOrder(order.id)).toMatchObject({ status: 'refunded', refundedAt: expect.any(Date) });
    expect(await owns('o_xp_refund', 'course-ts')).toBe(false);
    expect((await xpayOrderOf(order.outTradeNo)).status).toBe(5);
  });

  it('records a refund WeChat reports without our asking (an Apple refund)', async () => {
    const { order, params } = await xpayOrder('o_xp_apple', 'course-time');
    await paySheet('o_xp_apple', params);
    await requestJson(`${suite.cloud.url}/api/xpay/orders/${order.outTradeNo}/refund`, 'POST', { wait: true });
    expect(await ourOrder(order.id)).toMatchObject({ status: 'refunded', refundRequestedBy: 'xpay:refund_notify' });
    expect(await owns('o_xp_apple', 'course-time')).toBe(false);
  });
});

describe('both providers in one ledger', () => {
  it('Σ payments − Σ refunds = Σ kept, and adminReconcile finds nothing across both', async () => {
    const courses = ['course-cloud', 'course-song', 'course-run', 'course-sleep'];
    const kept: string[] = [];
    for (const [i, courseId] of courses.entries()) {
      const openid = `o_xp_mix_${i}`;
      // cloudpay (android)
      const { order: wechat } = await dataOf(suite.cloud, openid, 'createOrder', { courseId, platform: 'android' });
      await dataOf(suite.cloud, openid, 'unifiedPay', { orderId: wechat.id });
      await suite.cloud.pay.succeed(wechat.outTradeNo);
      // xpay (ios), for another course
      const other = courses[(i + 1) % courses.length]!;
      const { order: virtual, params } = await xpayOrder(openid, other);
      await paySheet(openid, params);
      // one of each refunded in turn
      const refunded = i % 2 === 0 ? wechat : virtual;
      const { outRefundNo } = await dataOf(suite.cloud, OP, 'refundOrder', { orderId: refunded.id, reason: '混合退款' });
      if (refunded === wechat) await suite.cloud.pay.completeRefund(outRefundNo);
      else await requestJson(`${suite.cloud.url}/api/xpay/refunds/${outRefundNo}/complete`, 'POST', { wait: true });
      kept.push(refunded === wechat ? virtual.id : wechat.id);
    }
    const orders = await suite.cloud.find('orders', {});
    const payments = await suite.cloud.find('payments', {});
    const sum = (rows: Record<string, unknown>[]) => rows.reduce((total, row) => total + (row.amountFen as number), 0);
    const refundedOrders = orders.filter((o) => o.status === 'refunded');
    const paidOrders = orders.filter((o) => o.status === 'paid');
    expect(new Set(payments.map((p) => p.provider))).toEqual(new Set(['cloudpay', 'xpay']));
    expect(sum(payments) - sum(refundedOrders)).toBe(sum(paidOrders));
    for (const id of kept) expect(paidOrders.map((o) => o._id)).toContain(id);
    // every payment is one order's, and no refund without a payment
    expect(new Set(payments.map((p) => p.orderId)).size).toBe(payments.length);
    for (const o of refundedOrders) expect(payments.map((p) => p.orderId)).toContain(o._id);

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const report = await dataOf(suite.cloud, OP, 'adminReconcile', { from: today, to: today });
    expect(report.checked).toBe(orders.length);
    // the amount and product mismatches planted above are incidents of unpaid orders: WeChat took money we did not grant
    const planted = new Set((await suite.cloud.find('incidents', { kind: 'amount_mismatch' })).map((i) => i.orderId));
    expect(report.findings.filter((f) => !planted.has(f.orderId))).toEqual([]);
    expect(report.findings.every((f) => f.provider === 'xpay' && f.kind === 'paid_not_recorded')).toBe(true);
  });

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
