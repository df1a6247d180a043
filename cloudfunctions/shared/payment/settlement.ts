/**
 * Turning a verified payment into an owned course, exactly once. Both the pay
 * notification (payCallback) and the expiry sweep (closeExpiredOrders) come
 * here with what WeChat Pay itself said (queryOrder), never a notification's
 * word.
 */
import { grantedEntitlement } from '../../../database-schema/entitlements/grant';
import { entitlementId, type EntitlementDoc } from '../../../database-schema/entitlements/schema';
import { orderKindOf, SETTLED_STATUSES, type OrderDoc } from '../../../database-schema/orders/schema';
import type { PaymentDoc } from '../../../database-schema/payments/schema';
import type { SweepReport } from '../../../typings/timers';
import type { NotificationOutcome } from '../../../typings/notifications';
import { _, db, docs, inTransaction, txDoc } from '../platform/cloud';
import { recordIncident } from '../orders/incidents';
import { notifyPurchaseSucceeded, type PurchaseSucceeded } from '../platform/notifications';
import { questionSettings } from '../platform/settings';
import { closeUnpaidQuestion, deliverPaidQuestion } from '../questions/delivery';
import { paymentProvider } from './choose-provider';
import type { PayState, PaymentProvider } from './provider';

export type SettleOutcome = 'settled' | 'already_settled' | 'incident';

/**
 * In one transaction: the order marked paid, the payment recorded and the
 * course granted. An order already settled is left alone, so duplicate and
 * concurrent notifications grant once; a closed order is still honoured
 * (the money was taken); an amount that differs from the order is recorded
 * for operators and never granted. Only the call that grants the course tells
 * the learner ("购买成功", a subscribe message), after the commit.
 */
export async function settlePaidOrder(outTradeNo: string, pay: PayState, provider: PaymentDoc['provider']): Promise<SettleOutcome> {
  const { answerHours } = await questionSettings();
  const outcome = await inTransaction(async (tx): Promise<{ outcome: SettleOutcome; granted?: PurchaseSucceeded }> => {
    const order = await txDoc<OrderDoc>(tx, 'orders', outTradeNo);
    if (!order) {
      await recordIncident(tx, 'unknown_order', { outTradeNo, _id: null, openid: '' }, { paidFen: pay.amountFen, transactionId: pay.transactionId });
      return { outcome: 'incident' };
    }
    if (SETTLED_STATUSES.includes(order.status)) return { outcome: 'already_settled' };
    if (pay.amountFen !== order.amountFen || !pay.transactionId) {
      await recordIncident(tx, 'amount_mismatch', order, { paidFen: pay.amountFen, orderFen: order.amountFen, transactionId: pay.transactionId });
      return { outcome: 'incident' };
    }
    const now = new Date();
    const paidAt = pay.paidAt ?? now;
    await tx.collection('orders').doc(order._id).update({ data: { status: 'paid', paidAt, updatedAt: now } });
    const payment: Omit<PaymentDoc, '_id'> = {
      orderId: order._id,
      outTradeNo,
      openid: order.openid,
      amountFen: pay.amountFen,
      provider,
      transactionId: pay.transactionId,
      paidAt,
      createdAt: now,
    };
    await tx.collection('payments').doc(`pay_${outTradeNo}`).set({ data: payment });
    if (orderKindOf(order) === 'question') {
      // a paid question reaches its teacher instead of a course being granted
      await deliverPaidQuestion(tx, order, paidAt, now, answerHours);
      return { outcome: 'settled' };
    }

    const grantId = entitlementId(order.openid, order.courseId);
    const existing = await txDoc<EntitlementDoc>(tx, 'entitlements', grantId);
    if (existing?.status === 'active') {
      // paid twice for one course (e.g. an expired order paid late after a new one): keep
      // the money's record and tell operators, who refund one
      await recordIncident(tx, 'duplicate_purchase', order, { ownedThrough: existing.orderId });
      return { outcome: 'settled' };
    }
    const entitlement = grantedEntitlement({ openid: order.openid, courseId: order.courseId, source: 'purchase', orderId: order._id, at: now });
    await tx.collection('entitlements').doc(grantId).set({ data: entitlement });
    return {
      outcome: 'settled',
      granted: { openid: order.openid, courseId: order.courseId, courseTitle: order.courseTitle, amountFen: order.amountFen, paidAt },
    };
  });
  const { granted } = outcome;
  if (granted) {
    await Promise.all([
      // a display counter for "best-selling", outside the transaction so that
      // purchases of one course do not all contend for its document
      (db.collection('courses').doc(granted.courseId).update({ data: { salesCount: _.inc(1) } }) as Promise<unknown>).catch((error) =>
        console.error('salesCount not counted', granted.courseId, error),
      ),
      // best effort, and only now: the money's state is durable whatever WeChat answers
      notifyPurchaseSucceeded(granted),
    ]);
  }
  return outcome.outcome;
}

/**
 * A payment notification (payCallback): settled by what WeChat Pay itself says
 * of the order, never by the notification's word.
 */
export async function settleNotifiedPayment(outTradeNo: string): Promise<NotificationOutcome> {
  const provider = await paymentProvider();
  const pay = await provider.queryPayment(outTradeNo);
  if (pay.state !== 'paid' && pay.state !== 'refunded') return { done: false, reason: `TRADE_STATE_${pay.detail || 'UNKNOWN'}` };
  const outcome = await settlePaidOrder(outTradeNo, pay, provider.name);
  return { done: true, recorded: outcome === 'incident' };
}

/** How many expired orders one run of the sweep handles; the timer comes back. */
const SWEEP_BATCH = 50;

/**
 * Closes unpaid orders past their expiry, and their WeChat Pay orders. Asks
 * WeChat Pay first: an order that was paid after all is settled, not closed.
 */
export async function closeExpiredOrders(now = new Date()): Promise<SweepReport> {
  const expired = await docs<OrderDoc>(
    db.collection('orders').where({ status: 'unpaid', expiresAt: _.lte(now) }).orderBy('expiresAt', 'asc').limit(SWEEP_BATCH),
  );
  const report: SweepReport = { closed: 0, settled: 0, failed: 0 };
  if (expired.length === 0) return report;
  const provider: PaymentProvider = await paymentProvider();
  for (const order of expired) {
    try {
      const pay = await provider.queryPayment(order.outTradeNo);
      if (pay.state === 'paid') {
        await settlePaidOrder(order.outTradeNo, pay, provider.name);
        report.settled += 1;
        continue;
      }
      if (pay.state === 'unpaid') await provider.closePayment(order.outTradeNo);
      // only if still unpaid: a payment settled meanwhile wins
      await db
        .collection('orders')
        .where({ _id: order._id, status: 'unpaid' })
        .update({ data: { status: 'closed', closedAt: now, updatedAt: now } });
      if (orderKindOf(order) === 'question') await closeUnpaidQuestion(order, now);
      report.closed += 1;
    } catch (error) {
      console.error('closeExpiredOrders: could not close', order.outTradeNo, error);
      report.failed += 1;
    }
  }
  console.log('closeExpiredOrders', JSON.stringify(report));
  return report;
}
