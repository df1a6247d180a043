/**
 * Turning a verified payment into what it bought (a course, a bundle's
 * courses, membership days, a paid question delivered), exactly once. The pay
 * notification (payCallback), virtual payment's delivery push (xpayNotify),
 * the expiry sweep (closeExpiredOrders) and the xpay timer
 * (reconcileXpayOrders) all come here with what the order's payment system
 * itself said (queryPayment), never a notification's word.
 */
import { grantedEntitlement } from '../../../database-schema/entitlements/grant';
import { entitlementId, type EntitlementDoc } from '../../../database-schema/entitlements/schema';
import type { BundleDoc } from '../../../database-schema/bundles/schema';
import { orderKindOf, pricingOf, SETTLED_STATUSES, xpayProductId, type OrderDoc } from '../../../database-schema/orders/schema';
import type { PaymentDoc } from '../../../database-schema/payments/schema';
import type { SweepReport } from '../../../typings/timers';
import type { NotificationOutcome } from '../../../typings/notifications';
import { _, db, docs, inTransaction, txDoc } from '../platform/cloud';
import { grantBundleCourses } from '../bundles/grants';
import { recordIncident } from '../orders/incidents';
import { closeUnpaid } from '../orders/orders';
import { notifyPurchaseSucceeded, type PurchaseSucceeded } from '../platform/notifications';
import { questionSettings } from '../platform/settings';
import { closeUnpaidQuestion, deliverPaidQuestion } from '../questions/delivery';
import { providerNamed } from './choose-provider';
import { spendCoupon } from './coupons';
import { extendMembership } from './memberships';
import type { PayState, PaymentProvider, PaymentRef } from './provider';

export type SettleOutcome = 'settled' | 'already_settled' | 'incident';

/** What settling a paid order leaves to do after its commit: counters and the learner's message. */
interface Settled {
  outcome: SettleOutcome;
  /** the course a course order granted, for its "购买成功" */
  granted?: PurchaseSucceeded;
  /** the bundle or plan sold, for its salesCount */
  sold?: { collection: 'bundles' | 'membershipPlans'; id: string };
}

/**
 * In one transaction: the order marked paid, the payment recorded, what the
 * order buys given (a course, a bundle's courses, membership days, a paid
 * question delivered) and its coupon spent. An order already settled is left
 * alone, so duplicate and concurrent notifications settle once; a closed
 * order is still honoured (the money was taken); an amount that differs from
 * the order is recorded for operators and never granted. Only the call that
 * grants a course tells the learner ("购买成功", a subscribe message), after
 * the commit.
 */
export async function settlePaidOrder(outTradeNo: string, pay: PayState, provider: PaymentDoc['provider']): Promise<SettleOutcome> {
  const { answerHours } = await questionSettings();
  const outcome = await inTransaction(async (tx): Promise<Settled> => {
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
    // virtual payment names the product it sold: another one (at another price) is not this order's
    const productId = provider === 'xpay' ? xpayProductId(order.courseId, order.amountFen) : null;
    if (productId && pay.productId && pay.productId !== productId) {
      await recordIncident(tx, 'amount_mismatch', order, { paidProductId: pay.productId, orderProductId: productId, paidFen: pay.amountFen, transactionId: pay.transactionId });
      return { outcome: 'incident' };
    }
    const now = new Date();
    const paidAt = pay.paidAt ?? now;
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

    const { couponId } = pricingOf(order);
    if (couponId) {
      const spent = await spendCoupon(tx, order, couponId, paidAt, now);
      // settled all the same: the money was taken at the coupon's price
      if (!spent.spent) await recordIncident(tx, 'coupon_conflict', order, { couponId, couponStatus: spent.coupon?.status ?? null, heldBy: spent.coupon?.orderId ?? null });
    }

    const paid = { status: 'paid', paidAt, updatedAt: now };
    const kind = orderKindOf(order);
    if (kind === 'question') {
      await tx.collection('orders').doc(order._id).update({ data: paid });
      // a paid question reaches its teacher instead of a course being granted
      await deliverPaidQuestion(tx, order, paidAt, now, answerHours);
      return { outcome: 'settled' };
    }
    if (kind === 'bundle') {
      // the bundle's courses as they are now, not as they were when the order was made
      const bundle = order.productId ? await txDoc<BundleDoc>(tx, 'bundles', order.productId) : null;
      const granted = await grantBundleCourses(tx, order, bundle?.courseIds ?? [], now);
      await tx.collection('orders').doc(order._id).update({ data: { ...paid, grantedCourseIds: granted } });
      // nothing granted: every course owned already (bought meanwhile); operators refund it
      if (granted.length === 0) await recordIncident(tx, 'duplicate_purchase', order, { bundleId: order.productId ?? null, bundleFound: !!bundle });
      return { outcome: 'settled', ...(order.productId ? { sold: { collection: 'bundles', id: order.productId } } : {}) };
    }
    await tx.collection('orders').doc(order._id).update({ data: paid });
    if (kind === 'membership') {
      await extendMembership(tx, order, now);
      return { outcome: 'settled', ...(order.productId ? { sold: { collection: 'membershipPlans', id: order.productId } } : {}) };
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
  const { granted, sold } = outcome;
  const counted = granted ? { collection: 'courses', id: granted.courseId } : sold;
  await Promise.all([
    // a display counter for "best-selling", outside the transaction so that
    // purchases of one item do not all contend for its document
    counted ? countSale(counted.collection, counted.id, 1) : undefined,
    // best effort, and only now: the money's state is durable whatever WeChat answers
    granted ? notifyPurchaseSucceeded(granted) : undefined,
  ]);
  return outcome.outcome;
}

/** A display counter moved by `by`, outside any transaction; never fails the caller. */
export async function countSale(collection: string, id: string, by: number): Promise<void> {
  await (db.collection(collection).doc(id).update({ data: { salesCount: _.inc(by) } }) as Promise<unknown>).catch((error) =>
    console.error('salesCount not counted', collection, id, by, error),
  );
}

/**
 * What the order's payment system said of it, acted on: a payment settled
 * (and its delivery confirmed to a provider that wants it, e.g. virtual
 * payment), anything else left for the next notification. `done` only once
 * the outcome is durable.
 */
export async function settleQueriedPayment(ref: PaymentRef, pay: PayState, provider: PaymentProvider): Promise<NotificationOutcome> {
  if (pay.state !== 'paid' && pay.state !== 'refunded') return { done: false, reason: `TRADE_STATE_${pay.detail || 'UNKNOWN'}` };
  const outcome = await settlePaidOrder(ref.outTradeNo, pay, provider.name);
  // settled now or before (a repeated push): the payment system may not have heard yet
  if (outcome !== 'incident' && provider.confirmDelivery) await provider.confirmDelivery(ref, pay);
  return { done: true, recorded: outcome === 'incident' };
}

/**
 * WeChat Pay's payment notification (payCallback): settled by what WeChat Pay
 * itself says of the order, never by the notification's word. Only WeChat Pay
 * sends it, so the order's provider is cloudpay.
 */
export async function settleNotifiedPayment(outTradeNo: string): Promise<NotificationOutcome> {
  const provider = await providerNamed('cloudpay');
  const ref = { outTradeNo };
  return settleQueriedPayment(ref, await provider.queryPayment(ref), provider);
}

/** The providers one run of a sweep needs, each configured once. */
export function providersByName(): (order: Pick<OrderDoc, 'provider'>) => Promise<PaymentProvider> {
  const made = new Map<OrderDoc['provider'], Promise<PaymentProvider>>();
  return (order) => {
    let provider = made.get(order.provider);
    if (!provider) {
      provider = providerNamed(order.provider);
      made.set(order.provider, provider);
    }
    return provider;
  };
}

/** How many expired orders one run of the sweep handles; the timer comes back. */
const SWEEP_BATCH = 50;

/**
 * Closes unpaid orders past their expiry, and their WeChat Pay orders (a
 * virtual payment simply lapses). Asks each order's payment system first: an
 * order that was paid after all is settled, not closed.
 */
export async function closeExpiredOrders(now = new Date()): Promise<SweepReport> {
  const expired = await docs<OrderDoc>(
    db.collection('orders').where({ status: 'unpaid', expiresAt: _.lte(now) }).orderBy('expiresAt', 'asc').limit(SWEEP_BATCH),
  );
  const report: SweepReport = { closed: 0, settled: 0, failed: 0 };
  if (expired.length === 0) return report;
  const providerOf = providersByName();
  for (const order of expired) {
    try {
      const provider = await providerOf(order);
      const pay = await provider.queryPayment(order);
      if (pay.state === 'paid') {
        await settleQueriedPayment(order, pay, provider);
        report.settled += 1;
        continue;
      }
      if (pay.state === 'unpaid') await provider.closePayment(order);
      // only if still unpaid (a payment settled meanwhile wins), and its coupon given back with it
      const closed = await inTransaction(async (tx) => {
        const current = await txDoc<OrderDoc>(tx, 'orders', order._id);
        if (current?.status !== 'unpaid') return false;
        await closeUnpaid(tx, current, now);
        return true;
      });
      if (closed && orderKindOf(order) === 'question') await closeUnpaidQuestion(order, now);
      if (closed) report.closed += 1;
    } catch (error) {
      console.error('closeExpiredOrders: could not close', order.outTradeNo, error);
      report.failed += 1;
    }
  }
  console.log('closeExpiredOrders', JSON.stringify(report));
  return report;
}
