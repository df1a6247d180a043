import { messagePush } from '../shared/platform/handler';
import { handleXpayPush } from '../shared/payment/xpay-notify';

/**
 * Virtual payment's 消息推送 (xpay_goods_deliver_notify, xpay_refund_notify):
 * settled by what /xpay/query_order says, never by the push. See
 * shared/payment/xpay-notify.ts; the README says how to point 消息推送 here.
 */
export const main = messagePush('xpayNotify', (push) => handleXpayPush(push));
