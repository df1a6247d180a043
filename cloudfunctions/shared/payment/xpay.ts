/**
 * Mini-program virtual payment (小程序虚拟支付) behind the provider interface.
 * The page pays with wx.requestVirtualPayment and the parameters
 * `virtualPaymentParams` signs (virtualPay), not with createPayment; WeChat
 * then pushes xpay_goods_deliver_notify (xpayNotify), and everything we
 * believe of an order comes from /xpay/query_order, asked by the order's
 * buyer and number. A short_series_goods product has its price fixed in the
 * merchant back office: each order sells `xpayProductId(productKey, amount)`.
 */
import type { XpaySettings } from '../../../database-schema/settings/schema';
import type { VirtualPaymentParams } from '../../../typings/xpay';
import { fail } from '../platform/errors';
import type { PayState, PaymentProvider, RefundState } from './provider';
import {
  clientPaySigOf,
  notifyProvideGoods,
  queryXpayOrder,
  refundXpayOrder,
  userSignatureOf,
  WechatApiError,
  XPAY_ORDER_STATUS,
  XPAY_PAID_STATUSES,
  type XpayOrder,
} from './xpay-api';

/** query_order's answer for an order WeChat has never seen (the learner never opened the payment sheet). */
export const XPAY_ORDER_NOT_EXIST = 268490004;

function payStateOf(order: XpayOrder): PayState['state'] {
  if (XPAY_PAID_STATUSES.includes(order.status)) return 'paid';
  // a refund that failed leaves the money with us: still paid
  if (order.status === XPAY_ORDER_STATUS.refundFailed) return 'paid';
  if (order.status === XPAY_ORDER_STATUS.refunded) return 'refunded';
  if (order.status === XPAY_ORDER_STATUS.closed) return 'closed';
  return 'unpaid';
}

const statusDetail = (status: number): string => `XPAY_STATUS_${status}`;

const fromUnixSeconds = (seconds: number | undefined): Date | null => (seconds ? new Date(seconds * 1000) : null);

export function xpayProvider(account: XpaySettings): PaymentProvider {
  return {
    name: 'xpay',

    createPayment() {
      // virtualPay signs the parameters for wx.requestVirtualPayment; nothing is ordered beforehand
      return Promise.resolve(fail('ORDER_NOT_PAYABLE', '请使用虚拟支付'));
    },

    async queryPayment({ outTradeNo, openid }) {
      if (!openid) throw new Error(`virtual payment order ${outTradeNo} asked without its buyer`);
      let order: XpayOrder;
      try {
        order = await queryXpayOrder(openid, account.env, outTradeNo);
      } catch (error) {
        if (error instanceof WechatApiError && error.errcode === XPAY_ORDER_NOT_EXIST) {
          return { state: 'unpaid', amountFen: null, transactionId: null, paidAt: null, detail: 'ORDER_NOT_EXIST', productId: null };
        }
        throw error;
      }
      const state = payStateOf(order);
      return {
        state,
        amountFen: state === 'paid' || state === 'refunded' ? order.paid_fee : null,
        transactionId: order.wx_order_id || null,
        paidAt: fromUnixSeconds(order.paid_time),
        detail: statusDetail(order.status),
        productId: order.product_id ?? null,
      };
    },

    async confirmDelivery({ outTradeNo }, pay) {
      // 已支付待发货 only: 发货中 / 已发货 were told already, and a refunded order has nothing to deliver
      if (pay.detail === statusDetail(XPAY_ORDER_STATUS.paid)) await notifyProvideGoods(outTradeNo, account.env);
    },

    closePayment() {
      // an unpaid virtual payment simply lapses: WeChat has no order to close
      return Promise.resolve();
    },

    async refund(request) {
      try {
        const answer = await refundXpayOrder({
          openid: request.openid,
          orderId: request.outTradeNo,
          refundOrderId: request.outRefundNo,
          leftFen: request.amountFen,
          refundFen: request.refundFen,
          env: account.env,
        });
        return { accepted: true, detail: answer.refund_wx_order_id ?? 'OK' };
      } catch (error) {
        if (!(error instanceof WechatApiError)) throw error;
        console.error('xpay refund_order refused', request.outRefundNo, error.message);
        return { accepted: false, detail: `${error.errcode} ${error.errmsg}` };
      }
    },

    async queryRefund(outRefundNo, order) {
      if (!order?.openid) throw new Error(`virtual payment refund ${outRefundNo} asked without its order`);
      const xpayOrder = await queryXpayOrder(order.openid, account.env, order.outTradeNo);
      const detail = statusDetail(xpayOrder.status);
      const state: RefundState['state'] =
        xpayOrder.status === XPAY_ORDER_STATUS.refunded ? 'succeeded' : xpayOrder.status === XPAY_ORDER_STATUS.refundFailed ? 'failed' : 'processing';
      return {
        state,
        outTradeNo: order.outTradeNo,
        refundFen: state === 'succeeded' ? (xpayOrder.refund_fee ?? null) : null,
        refundedAt: null,
        detail,
      };
    },
  };
}

export interface VirtualPaymentOrder {
  _id: string;
  outTradeNo: string;
  productId: string;
  amountFen: number;
}

/**
 * signData with its keys in WeChat's order, paySig with the AppKey and the
 * user-state signature with the learner's session_key. `attach` is our order
 * ID, which the delivery push hands back.
 */
export function virtualPaymentParams(order: VirtualPaymentOrder, account: XpaySettings, appKey: string, sessionKey: string): VirtualPaymentParams {
  const signData = JSON.stringify({
    offerId: account.offerId,
    buyQuantity: 1,
    env: account.env,
    currencyType: 'CNY',
    productId: order.productId,
    goodsPrice: order.amountFen,
    outTradeNo: order.outTradeNo,
    attach: order._id,
  });
  return { signData, paySig: clientPaySigOf(appKey, signData), signature: userSignatureOf(sessionKey, signData), mode: 'short_series_goods' };
}
