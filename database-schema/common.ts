import { z } from 'zod';

/** An integer amount of fen (分), as WeChat Pay counts money. */
export const fen = z.number().int().min(0).max(10_000_000_00);
export const openid = z.string().min(1).max(128);
export const docId = z.string().min(1).max(128);
/** A cloud storage file ID: cloud://<env>.<bucket>/<path> */
export const cloudFileId = z.string().regex(/^cloud:\/\/[^/]+\/.+/, 'must be a cloud:// file ID');
export const serverDate = z.date();
/** How learners pay: WeChat Pay through cloudPay, or mini-program virtual payment (小程序虚拟支付, wx.requestVirtualPayment). */
export const paymentProviderName = z.enum(['cloudpay', 'xpay']);
export type PaymentProviderName = z.infer<typeof paymentProviderName>;
/** the merchant order number sent to WeChat Pay: 6 to 32 of these characters, unique */
export const outTradeNo = z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/);
/** the merchant refund number: 1 to 64 of these characters, one per refund (a retry reuses it) */
export const outRefundNo = z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/);
