/* eslint-disable @typescript-eslint/no-explicit-any -- answers of the API under test, read field by field */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSdk, type Sdk } from '../../test/cloud/sdk';
import { bundleFixtures } from '../functions/fixtures/bundle';
import { startEmulator, type Emulator } from '../index';

let emulator: Emulator;
let sdk: Sdk;
let orderCounter = 0;

const PAYER = 'o_payer';
const newOutTradeNo = () => `T${Date.now()}${++orderCounter}`;

function unifiedOrder(outTradeNo: string, overrides: Record<string, unknown> = {}) {
  return sdk.cloudPay.unifiedOrder({
    body: '课程：TypeScript 入门',
    outTradeNo,
    spbillCreateIp: '127.0.0.1',
    subMchId: '1900000109',
    totalFee: 990,
    envId: emulator.envId,
    functionName: 'flakyPayCallback',
    nonceStr: 'n1',
    tradeType: 'JSAPI',
    openid: PAYER,
    attach: 'course:c1',
    ...overrides,
  });
}

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emulator.url}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}


beforeAll(async () => {
  const functionsDir = await bundleFixtures(['flakyPayCallback', 'refundCallback', 'payer']);
  emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-pay-')), functionsDir, payRetrySchedule: [50, 100] });
  sdk = useSdk(emulator.sdkEnv());
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe('cloudPay through the real SDK', () => {
  it('unifiedOrder answers a payment for wx.requestPayment, and queryOrder says NOTPAY', async () => {
    const outTradeNo = newOutTradeNo();
    const order = await unifiedOrder(outTradeNo);
    expect(order).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', errCode: 0, errMsg: 'cloudPay.unifiedOrder:ok' });
    expect(order.payment).toEqual({
      appId: emulator.appId,
      timeStamp: expect.stringMatching(/^\d{10}$/),
      nonceStr: expect.any(String),
      package: `prepay_id=${order.prepayId}`,
      signType: 'MD5',
      paySign: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
    const query = await sdk.cloudPay.queryOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n2' });
    expect(query).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState: 'NOTPAY', totalFee: 990, transactionId: '', attach: 'course:c1' });
  });

  // The SDK spreads `errCode: 0` over every answer, WeChat Pay's err_code
  // included: a refusal shows in resultCode and errCodeDes.
  it('refuses what WeChat Pay refuses', async () => {
    expect(await unifiedOrder(newOutTradeNo(), { totalFee: 0 })).toMatchObject({ resultCode: 'FAIL', errCode: 0, errCodeDes: expect.any(String) });
    expect(await unifiedOrder(newOutTradeNo(), { totalFee: 9.9 })).toMatchObject({ resultCode: 'FAIL', errCode: 0, errCodeDes: expect.any(String) });
    expect(await unifiedOrder('X'.repeat(33))).toMatchObject({ resultCode: 'FAIL', errCode: 0, errCodeDes: expect.any(String) });
    expect(await unifiedOrder(newOutTradeNo(), { functionName: undefined })).toMatchObject({ returnCode: 'FAIL', returnMsg: '缺少参数function_name' });
    const outTradeNo = newOutTradeNo();
    await unifiedOrder(outTradeNo);
    const again = await unifiedOrder(outTradeNo);
    expect(again.resultCode).toBe('SUCCESS');
    expect(await unifiedOrder(outTradeNo, { totalFee: 1 })).toMatchObject({ resultCode: 'FAIL', errCodeDes: '201 商户订单号重复' });
    expect(await sdk.cloudPay.queryOrder({ subMchId: '1', outTradeNo: 'nope', nonceStr: 'n' })).toMatchObject({ resultCode: 'FAIL', errCodeDes: '此交易订单号不存在' });
  });

  it('delivers the payment notification as wx_paycallback, retrying until errcode 0', async () => {
    const outTradeNo = newOutTradeNo();
    await unifiedOrder(outTradeNo);
    const { status, json } = await api('POST', `/api/pay/${outTradeNo}/succeed`, { wait: true });
    expect(status).toBe(200);
    const [delivery] = json.order.deliveries;
    expect(delivery.state).toBe('acknowledged');
    expect(delivery.attempts.map((a: any) => a.acknowledged)).toEqual([false, true]);
    const { event, context } = delivery.attempts[1].answer;
    expect(context).toMatchObject({ OPENID: PAYER, SOURCE: 'wx_paycallback' });
    expect(event).toEqual({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      appid: emulator.appId,
      mchId: expect.any(String),
      subAppid: emulator.appId,
      subMchId: '1900000109',
      nonceStr: expect.any(String),
      openid: PAYER,
      subOpenid: PAYER,
      isSubscribe: 'N',
      subIsSubscribe: 'N',
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: 990,
      cashFee: 990,
      feeType: 'CNY',
      transactionId: expect.stringMatching(/^\d{28}$/),
      outTradeNo,
      timeEnd: expect.stringMatching(/^\d{14}$/),
      attach: 'course:c1',
    });
    const query = await sdk.cloudPay.queryOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' });
    expect(query).toMatchObject({ tradeState: 'SUCCESS', transactionId: event.transactionId, timeEnd: event.timeEnd, totalFee: 990 });
    // Beijing time: eight hours ahead of UTC
    const utcHour = new Date().getUTCHours();
    expect([(utcHour + 8) % 24, (utcHour + 9) % 24]).toContain(Number(event.timeEnd.slice(8, 10)));
    expect(await unifiedOrder(outTradeNo)).toMatchObject({ resultCode: 'FAIL', errCodeDes: '该订单已支付' });
    expect((await api('POST', `/api/pay/${outTradeNo}/succeed`, {})).status).toBe(400);
  });

  it('delivers duplicates at once and reports an injected amount when asked', async () => {
    const outTradeNo = newOutTradeNo();
    await unifiedOrder(outTradeNo);
    const { json } = await api('POST', `/api/pay/${outTradeNo}/succeed`, { wait: true, deliveries: 3, totalFee: 1 });
    expect(json.order.deliveries).toHaveLength(3);
    expect(json.order.deliveries.every((d: any) => d.state === 'acknowledged' && d.event.totalFee === 1)).toBe(true);
    const query = await sdk.cloudPay.queryOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' });
    expect(query.totalFee).toBe(1);
  });

  it('closes an unpaid order, which can then be neither paid nor closed again', async () => {
    const outTradeNo = newOutTradeNo();
    await unifiedOrder(outTradeNo);
    expect((await api('POST', `/api/pay/${outTradeNo}/cancel`, {})).json.order).toMatchObject({ state: 'NOTPAY', cancelled: 1 });
    const closed = await sdk.cloudPay.closeOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' });
    expect(closed).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', errMsg: 'cloudPay.closeOrder:ok' });
    expect(await sdk.cloudPay.queryOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' })).toMatchObject({ tradeState: 'CLOSED' });
    expect(await sdk.cloudPay.closeOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' })).toMatchObject({ resultCode: 'FAIL', errCodeDes: '订单已关闭，无法重复关闭' });
    const pay = await api('POST', `/api/pay/${outTradeNo}/succeed`, {});
    expect(pay.status).toBe(400);
    expect(pay.json.error.code).toBe('ORDER_NOT_PAYABLE');
  });

  it('refunds once per outRefundNo, within the amount paid, and notifies the refund callback', async () => {
    const outTradeNo = newOutTradeNo();
    await unifiedOrder(outTradeNo);
    const unpaid = await sdk.cloudPay.refund({ subMchId: '1900000109', outTradeNo, outRefundNo: 'R-early', totalFee: 990, refundFee: 990, nonceStr: 'n', envId: emulator.envId, functionName: 'refundCallback' });
    expect(unpaid).toMatchObject({ resultCode: 'FAIL', errCodeDes: '订单状态错误' });
    await api('POST', `/api/pay/${outTradeNo}/succeed`, { wait: true });

    const refund = (refundFee: number, outRefundNo = `R${outTradeNo}`) =>
      sdk.cloudPay.refund({ subMchId: '1900000109', outTradeNo, outRefundNo, totalFee: 990, refundFee, nonceStr: 'n', envId: emulator.envId, functionName: 'refundCallback' });
    expect(await refund(991, 'R-too-much')).toMatchObject({ resultCode: 'FAIL', errCodeDes: '退款金额大于支付金额' });
    const first = await refund(990);
    expect(first).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', outRefundNo: `R${outTradeNo}`, refundFee: 990, totalFee: 990, errMsg: 'cloudPay.refund:ok' });
    const retried = await refund(990);
    expect(retried.refundId).toBe(first.refundId);
    expect(await refund(1, 'R-second')).toMatchObject({ resultCode: 'FAIL', errCodeDes: '退款金额大于支付金额' });

    const delivery = await vi.waitFor(
      async () => {
        const { json } = await api('GET', `/api/pay/orders/${outTradeNo}`);
        const acknowledged = json.order.deliveries.find((d: any) => d.kind === 'refund' && d.state === 'acknowledged');
        expect(acknowledged).toBeDefined();
        return acknowledged;
      },
      { timeout: 5000 },
    );
    expect(delivery.attempts[0].answer.context).toMatchObject({ OPENID: PAYER, SOURCE: 'wx_paycallback' });
    expect(delivery.event).toMatchObject({
      outTradeNo,
      outRefundNo: `R${outTradeNo}`,
      refundId: first.refundId,
      refundFee: 990,
      totalFee: 990,
      refundStatus: 'SUCCESS',
      successTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    const query = await sdk.cloudPay.queryRefund({ subMchId: '1900000109', outRefundNo: `R${outTradeNo}`, nonceStr: 'n' });
    expect(query).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', refundCount: 1, errMsg: 'cloudPay.queryRefund:ok' });
    expect(JSON.stringify(query)).toContain('"SUCCESS"');
    expect(Object.entries(query).find(([key]) => /^refundStatus_?0$/.test(key))?.[1]).toBe('SUCCESS');
    expect(await sdk.cloudPay.queryOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' })).toMatchObject({ tradeState: 'REFUND' });
  });

  it('opens an order for the learner a function runs as, when no openid is passed', async () => {
    const outTradeNo = newOutTradeNo();
    const { json } = await api('POST', '/api/functions/payer', { data: { outTradeNo, totalFee: 100 }, openid: 'o_in_function' });
    expect(json.result).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', payment: { signType: 'MD5' } });
    const paid = await api('POST', `/api/pay/${outTradeNo}/succeed`, { wait: true });
    expect(paid.json.order.deliveries[0].event.openid).toBe('o_in_function');
    expect(paid.json.order.deliveries[0].attempts.at(-1).answer.context.OPENID).toBe('o_in_function');
  });

  it('lists orders with their deliveries', async () => {
    const { json } = await api('GET', '/api/pay/orders');
    expect(json.orders.length).toBeGreaterThan(3);
    expect(json.orders.some((o: any) => o.deliveries.length > 0)).toBe(true);
  });

  it('answers an unknown pay method as the cloud refuses it, through the SDK', async () => {
    await expect(sdk.cloudPay.downloadBill({ subMchId: '1', billDate: '20240101' })).rejects.toMatchObject({ errCode: -501007 });
  });
});

describe('refunds completed on demand (refundDelayMs: null)', () => {
  let held: Emulator;
  let heldSdk: Sdk;
  beforeAll(async () => {
    const functionsDir = await bundleFixtures(['flakyPayCallback', 'refundCallback', 'payer']);
    held = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-pay-held-')), functionsDir, payRetrySchedule: [50, 100], refundDelayMs: null });
    heldSdk = useSdk(held.sdkEnv());
  }, 60_000);
  afterAll(async () => {
    await held?.close();
    // the other suite's SDK environment back, for tests that run after this one
    sdk = useSdk(emulator.sdkEnv());
  });

  it('keeps a refund processing until completed, then delivers its notification as many times as asked, and again', async () => {
    const outTradeNo = newOutTradeNo();
    await heldSdk.cloudPay.unifiedOrder({
      body: '课程', outTradeNo, spbillCreateIp: '127.0.0.1', subMchId: '1900000109', totalFee: 500, envId: held.envId,
      functionName: 'flakyPayCallback', nonceStr: 'n', tradeType: 'JSAPI', openid: PAYER,
    });
    await fetch(`${held.url}/api/pay/${outTradeNo}/succeed`, { method: 'POST', body: JSON.stringify({ wait: true }) });
    const outRefundNo = `R${outTradeNo}`;
    await heldSdk.cloudPay.refund({ subMchId: '1900000109', outTradeNo, outRefundNo, totalFee: 500, refundFee: 500, nonceStr: 'n', envId: held.envId, functionName: 'refundCallback' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const processing = await heldSdk.cloudPay.queryRefund({ subMchId: '1900000109', outRefundNo, nonceStr: 'n' });
    expect(Object.entries(processing).find(([key]) => /^refundStatus_?0$/.test(key))?.[1]).toBe('PROCESSING');

    const complete = async (body: unknown) => {
      const res = await fetch(`${held.url}/api/pay/refunds/${outRefundNo}/complete`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as any };
    };
    const first = await complete({ deliveries: 3, wait: true });
    expect(first.status).toBe(200);
    expect(first.json.refund).toMatchObject({ outRefundNo, status: 'SUCCESS' });
    expect(first.json.deliveries).toHaveLength(3);
    expect(first.json.deliveries.every((d: any) => d.kind === 'refund' && d.state === 'acknowledged')).toBe(true);
    const again = await complete({ wait: true });
    expect(again.json.deliveries).toHaveLength(1);
    expect(again.json.deliveries[0].event).toMatchObject({ outRefundNo, refundStatus: 'SUCCESS' });
    expect((await complete({})).status).toBe(200);
    expect((await fetch(`${held.url}/api/pay/refunds/R-none/complete`, { method: 'POST', body: '{}' })).status).toBe(400);
  });
});
