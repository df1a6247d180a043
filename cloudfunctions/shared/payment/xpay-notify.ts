/**
 * Virtual payment's side of settlement: its pushes (xpayNotify) and the timer
 * that asks about orders whose push never came (reconcileXpayOrders). A push
 * is trusted for nothing but the order it names: the order is ours, and what
 * /xpay/query_order says of it (status, amount, product) decides, through the
 * same settlement as WeChat Pay's (settlement.ts, refunds.ts).
 */
import { orderKindOf, type OrderDoc } from '../../../database-schema/orders/schema';
import type { NotificationOutcome } from '../../../typings/notifications';
import type { XpayReconcileReport } from '../../../typings/timers';
import type { XpayPush } from '../../../typings/xpay';
import { _, db, docById, docs, inTransaction, txDoc } from '../platform/cloud';
import { dayjs } from '../platform/time';
import { stopAnswering } from '../questions/delivery';
import { providerNamed } from './choose-provider';
import type { PaymentProvider } from './provider';
import { refundingChange, settleOrderRefund } from './refunds';
import { settleQueriedPayment } from './settlement';

/** Who asked for a refund that WeChat reports without our asking (an Apple refund of an iOS purchase). */
const WECHAT_REPORTED = 'xpay:refund_notify';
const APPLE_REFUND_REASON = '微信虚拟支付通知的退款（如苹果退款）';

/** Our virtual payment order `outTradeNo`, or null when the push names none of ours (logged, acknowledged). */
async function xpayOrder(outTradeNo: string, event: string): Promise<OrderDoc | null> {
  const order = await docById<OrderDoc>('orders', outTradeNo);
  if (!order || order.provider !== 'xpay') {
    console.warn(`xpayNotify: ${event} for ${outTradeNo}, which is not a virtual payment order of ours`, order?.provider ?? 'no order');
    return null;
  }
  return order;
}

/** A paid order WeChat says was refunded without an operator asking (Apple refunds iOS purchases itself): refunding, then settled as any refund. */
async function startReportedRefund(order: OrderDoc): Promise<OrderDoc | null> {
  return inTransaction(async (tx) => {
    const current = await txDoc<OrderDoc>(tx, 'orders', order._id);
    if (current?.status !== 'paid') return current;
    const change = refundingChange(current, APPLE_REFUND_REASON, WECHAT_REPORTED, new Date());
    await tx.collection('orders').doc(current._id).update({ data: change });
    if (orderKindOf(current) === 'question') await stopAnswering(tx, current, change.updatedAt);
    return { ...current, ...change };
  });
}

/** A refunding order's refund as query_order says it stands; a paid one WeChat refunded on its own is recorded first. */
async function settleXpayRefund(order: OrderDoc, provider: PaymentProvider): Promise<NotificationOutcome> {
  if (order.status === 'refunded') return { done: true, recorded: false };
  if (order.status === 'paid') {
    const pay = await provider.queryPayment(order);
    if (pay.state !== 'refunded') return { done: false, reason: `REFUND_${pay.detail}` };
    const refunding = await startReportedRefund(order);
    if (!refunding || refunding.status !== 'refunding') return { done: true, recorded: false };
    return settleOrderRefund(refunding, provider);
  }
  if (order.status !== 'refunding') {
    console.warn('xpayNotify: a refund push for an order neither paid nor refunding', order._id, order.status);
    return { done: true, recorded: false };
  }
  return settleOrderRefund(order, provider);
}

export async function handleXpayPush(push: XpayPush): Promise<NotificationOutcome> {
  const outTradeNo = push.Event === 'xpay_goods_deliver_notify' ? push.OutTradeNo : push.MchOrderId;
  const order = await xpayOrder(outTradeNo, push.Event);
  if (!order) return { done: true, recorded: false };
  const provider = await providerNamed('xpay');
  if (push.Event === 'xpay_refund_notify') return settleXpayRefund(order, provider);
  // asked by our order's buyer and number: the push's OpenId, amounts and product are not read
  return settleQueriedPayment(order, await provider.queryPayment(order), provider);
}

/** How far back the timer looks: a push WeChat gave up on is long settled or lapsed by then. */
const RECONCILE_HOURS = 48;
/** How many orders one run asks about; the next run, 5 minutes later, takes the rest. */
const RECONCILE_BATCH = 100;

/**
 * Unpaid and refunding virtual payment orders of the last 48 hours (index
 * provider_status_createdAt), each asked with query_order: paid → settled and
 * its delivery confirmed; refunded → the refund settled. The oldest first, so
 * a backlog drains in order.
 */
export async function reconcileXpayOrders(now = new Date()): Promise<XpayReconcileReport> {
  const since = dayjs(now).subtract(RECONCILE_HOURS, 'hour').toDate();
  const orders = await docs<OrderDoc>(
    db
      .collection('orders')
      .where({ provider: 'xpay', status: _.in(['unpaid', 'refunding']), createdAt: _.gte(since) })
      .orderBy('createdAt', 'asc')
      .limit(RECONCILE_BATCH),
  );
  const report: XpayReconcileReport = { checked: orders.length, settled: 0, refunded: 0, pending: 0, failed: 0 };
  if (orders.length === 0) return report;
  const provider = await providerNamed('xpay');
  for (const order of orders) {
    try {
      const outcome = order.status === 'refunding' ? await settleOrderRefund(order, provider) : await settleQueriedPayment(order, await provider.queryPayment(order), provider);
      if (!outcome.done) report.pending += 1;
      else if (order.status === 'refunding') report.refunded += 1;
      else report.settled += 1;
    } catch (error) {
      console.error('reconcileXpayOrders: could not settle', order.outTradeNo, error);
      report.failed += 1;
    }
  }
  console.log('reconcileXpayOrders', JSON.stringify(report));
  return report;
}
