/**
 * The typed client and the real-cloud harness together (test/miniprogram/real-cloud.ts):
 * wx.cloud.callFunction and wx.requestPayment answer as WeChat's do, from the
 * functions and the pay sheet on the emulator.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PaymentParams } from '../../typings/entities';
import { useRealCloud } from '../../test/miniprogram/real-cloud';
import { CloudError, call } from './cloud';
import { requestPayment } from './payment';

const payWith = (payment: PaymentParams) => wx.requestPayment(payment as PaymentParams & WechatMiniprogram.RequestPaymentOption);

describe('the client on the real cloud', () => {
  it('answers {result} as the learner the test chose', async () => {
    useRealCloud('o_client_login');
    const res = await wx.cloud.callFunction({ name: 'login', data: {} });
    expect(res).toMatchObject({ errMsg: 'cloud.callFunction:ok', result: { ok: true } });
    const { user } = await call('login', {});
    expect(user).toBeTruthy();
  });

  it('rejects like wx.cloud.callFunction for a function that is not there, and call() says NETWORK', async () => {
    useRealCloud('o_client_missing');
    await expect(wx.cloud.callFunction({ name: 'noSuchFunction', data: {} })).rejects.toMatchObject({
      errCode: -501000,
      errMsg: expect.stringContaining('cloud.callFunction:fail'),
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(call('noSuchFunction' as never, {} as never)).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it("passes a function's error answer through: INVALID_INPUT", async () => {
    useRealCloud('o_client_invalid');
    const error = await call('createOrder', { courseId: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('the pay sheet pays, or closes with requestPayment:fail cancel, as the learner chooses', async () => {
    const cloud = useRealCloud('o_client_payer');
    cloud.sheet('cancel', 'pay');
    const { order } = await cloud.call('createOrder', { courseId: 'course-sleep' });
    const { payment } = await cloud.call('unifiedPay', { orderId: order.id });
    await expect(payWith(payment)).rejects.toEqual({ errMsg: 'requestPayment:fail cancel' });
    expect(await requestPayment(payment)).toEqual({ outcome: 'completed', detail: '' });
    expect(cloud.sheets).toEqual([
      { outTradeNo: order.outTradeNo, prepayId: payment.package.replace('prepay_id=', ''), action: 'cancel' },
      { outTradeNo: order.outTradeNo, prepayId: payment.package.replace('prepay_id=', ''), action: 'pay' },
    ]);
    const res = await fetch(`${cloud.url}/api/pay/orders/${order.outTradeNo}`);
    const { order: payOrder } = (await res.json()) as { order: { state: string; cancelled: number } };
    expect(payOrder).toMatchObject({ state: 'SUCCESS', cancelled: 1 });
  });

  it("refuses a payment that is not the learner's, or that WeChat Pay never opened", async () => {
    const buyer = useRealCloud('o_client_buyer');
    const { order } = await buyer.call('createOrder', { courseId: 'course-art' });
    const { payment } = await buyer.call('unifiedPay', { orderId: order.id });
    useRealCloud('o_client_someone_else');
    await expect(payWith(payment)).rejects.toMatchObject({ errMsg: expect.stringContaining('requestPayment:fail') });
    await expect(payWith({ ...payment, package: 'prepay_id=wx_never_opened' })).rejects.toMatchObject({
      errMsg: expect.stringContaining('requestPayment:fail'),
    });
  });
});
