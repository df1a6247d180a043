/**
 * Virtual payment (小程序虚拟支付, xpay): what the page passes to
 * wx.requestVirtualPayment, and the pushes WeChat sends the function its
 * 消息推送 names (xpayNotify), with their answers. Nothing in a push is
 * trusted but the order it names: the function asks /xpay/query_order.
 */
import { z } from 'zod';
import { outTradeNo } from '../database-schema/common';

/** What virtualPay answers for wx.requestVirtualPayment (short_series_goods: one product at its back-office price). */
export interface VirtualPaymentParams {
  /** JSON text: offerId, buyQuantity 1, env, currencyType CNY, productId, goodsPrice (fen), outTradeNo, attach (our order ID) */
  signData: string;
  /** hex(HMAC-SHA256(AppKey, "requestVirtualPayment&" + signData)) */
  paySig: string;
  /** hex(HMAC-SHA256(session_key, signData)) */
  signature: string;
  mode: 'short_series_goods';
}

/** xpay_goods_deliver_notify: the learner paid (as the push claims) for our order OutTradeNo. */
export const xpayDeliverPushSchema = z.object({
  MsgType: z.literal('event'),
  Event: z.literal('xpay_goods_deliver_notify'),
  OutTradeNo: outTradeNo,
  OpenId: z.string().optional(),
  Env: z.number().optional(),
  WeChatPayInfo: z.object({ MchOrderNo: z.string().optional(), TransactionId: z.string().optional(), PaidTime: z.number().optional() }).partial().optional(),
  GoodsInfo: z
    .object({ ProductId: z.string(), Quantity: z.number(), OrigPrice: z.number(), ActualPrice: z.number(), Attach: z.string() })
    .partial()
    .optional(),
});

/** xpay_refund_notify: a refund of our order MchOrderId ended (RetCode 0: succeeded, as the push claims). */
export const xpayRefundPushSchema = z.object({
  MsgType: z.literal('event'),
  Event: z.literal('xpay_refund_notify'),
  MchOrderId: outTradeNo,
  MchRefundId: z.string().optional(),
  OpenId: z.string().optional(),
  WxRefundId: z.string().optional(),
  WxOrderId: z.string().optional(),
  RefundFee: z.number().optional(),
  RetCode: z.number().optional(),
  RetMsg: z.string().optional(),
});

export const xpayPushSchema = z.discriminatedUnion('Event', [xpayDeliverPushSchema, xpayRefundPushSchema]);
export type XpayPush = z.infer<typeof xpayPushSchema>;
export type XpayDeliverPush = z.infer<typeof xpayDeliverPushSchema>;
export type XpayRefundPush = z.infer<typeof xpayRefundPushSchema>;

/** `ErrCode: 0` tells WeChat the push is handled; anything else makes it push again. */
export interface MessagePushAnswer {
  ErrCode: number;
  ErrMsg: string;
}

/** The functions that take 消息推送 (message pushes), and what each receives. */
export const messagePushSchemas = {
  xpayNotify: xpayPushSchema,
};
export type MessagePushName = keyof typeof messagePushSchemas;
export type MessagePushOf<N extends MessagePushName> = z.infer<(typeof messagePushSchemas)[N]>;
