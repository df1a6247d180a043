/**
 * virtualPay: the signed parameters for wx.requestVirtualPayment of the
 * caller's unpaid xpay order. Cloud development hands out no session_key, so
 * the page sends a fresh wx.login() code and code2Session turns it into one,
 * used for the signature and forgotten with the call.
 */
import { xpayProductId } from '../../../database-schema/orders/schema';
import type { ResponseOf } from '../../../typings/api';
import { fail } from '../platform/errors';
import { paymentSettings } from '../platform/settings';
import { code2Session, WechatApiError, xpayAppKey } from '../payment/xpay-api';
import { virtualPaymentParams } from '../payment/xpay';
import { ownOrder, payableOrFail } from './orders';

export async function startVirtualPayment(openid: string, orderId: string, code: string): Promise<ResponseOf<'virtualPay'>> {
  const [order, settings] = await Promise.all([ownOrder(openid, orderId), paymentSettings()]);
  payableOrFail(order);
  if (order.provider !== 'xpay') return fail('ORDER_NOT_PAYABLE', '该订单请使用微信支付');
  if (!settings.xpay) return fail('PAYMENT_FAILED', '虚拟支付尚未开通');

  const session = await code2Session(code).catch((error: unknown) => {
    // 40029 invalid code, 40163 code used: the page asks wx.login() again
    if (error instanceof WechatApiError) return fail('FORBIDDEN', '登录已失效，请重试');
    throw error;
  });
  // the code must be the caller's own: another learner's session would sign for them
  if (session.openid !== openid) return fail('FORBIDDEN', '登录信息与当前用户不符');

  const params = virtualPaymentParams(
    { _id: order._id, outTradeNo: order.outTradeNo, productId: xpayProductId(order.courseId, order.amountFen), amountFen: order.amountFen },
    settings.xpay,
    xpayAppKey(),
    session.sessionKey,
  );
  return { orderId: order._id, ...params };
}
