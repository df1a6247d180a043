/**
 * Refunds, with the rigor of settlement.ts: an operator asks (refundOrder),
 * the order goes paid → refunding with an `outRefundNo` derived from the
 * order, so every retry asks the order's payment system (WeChat Pay or
 * virtual payment) for the same refund and it can never pay out twice; the
 * order becomes refunded, and what it bought is taken back, only when that
 * system's refund notification comes (refundCallback, xpayNotify) or a timer
 * asks (reconcileXpayOrders) and queryRefund confirms that the whole amount
 * went back, in one transaction, exactly once.
 */
import { orderKindOf, pricingOf, type OrderDoc } from '../../../database-schema/orders/schema';
import { coverCandidates, takeBackCourses } from '../bundles/grants';
import { notifyQuestionRefunded, type QuestionRefunded } from '../platform/notifications';
import { markQuestionRefunded, stopAnswering } from '../questions/delivery';
import type { ResponseOf } from '../../../typings/api';
import type { NotificationOutcome } from '../../../typings/notifications';
import { toAdminOrderView } from '../orders/views';
import { docById, inTransaction, txDoc } from '../platform/cloud';
import { fail } from '../platform/errors';
import { recordIncident } from '../orders/incidents';
import { operatorName, type Operator } from '../platform/caller';
import { pricingSettings } from '../platform/settings';
import { providerNamed } from './choose-provider';
import { releaseCoupon } from './coupons';
import { shortenMembership } from './memberships';
import { countSale } from './settlement';
import type { PaymentProvider, RefundAccepted, RefundState } from './provider';

/** One refund per order, always the same number: WeChat Pay treats a repeat as a retry. */
export const outRefundNoOf = (order: Pick<OrderDoc, 'outTradeNo'>): string => `R${order.outTradeNo}`;

/** paid → refunding, under the order's one refund number; written in the caller's transaction. */
export function refundingChange(order: Pick<OrderDoc, 'outTradeNo'>, reason: string, requestedBy: string, now: Date) {
  return {
    status: 'refunding' as const,
    outRefundNo: outRefundNoOf(order),
    refundReason: reason,
    refundRequestedBy: requestedBy,
    refundRequestedAt: now,
    updatedAt: now,
  };
}

/** Asks the order's payment system for the whole amount back, under the same number however often it is asked. */
export async function askRefund(order: OrderDoc, reason: string): Promise<RefundAccepted> {
  const provider = await providerNamed(order.provider);
  return provider.refund({
    outTradeNo: order.outTradeNo,
    openid: order.openid,
    outRefundNo: order.outRefundNo ?? outRefundNoOf(order),
    amountFen: order.amountFen,
    refundFen: order.amountFen,
    reason: order.refundReason ?? reason,
  });
}

export async function refundOrder(orderId: string, reason: string, operator: Operator): Promise<ResponseOf<'refundOrder'>> {
  const found = await docById<OrderDoc>('orders', orderId);
  if (!found) return fail('NOT_FOUND', '订单不存在');
  if (found.status === 'refunded') {
    return { order: toAdminOrderView(found), outRefundNo: found.outRefundNo ?? outRefundNoOf(found), alreadyRefunded: true };
  }

  const order = await inTransaction(async (tx) => {
    const current = await txDoc<OrderDoc>(tx, 'orders', orderId);
    if (!current) return fail('NOT_FOUND', '订单不存在');
    // refunding: a retry, after a refund call that failed or whose answer was lost
    if (current.status === 'refunding') return current;
    if (current.status !== 'paid') return fail('REFUND_NOT_ALLOWED', `订单状态为 ${current.status}，不能退款`);
    const change = refundingChange(current, reason, operatorName(operator), new Date());
    await tx.collection('orders').doc(orderId).update({ data: change });
    if (orderKindOf(current) === 'question') await stopAnswering(tx, current, change.updatedAt);
    return { ...current, ...change };
  });
  if (order.status === 'refunded') return { order: toAdminOrderView(order), outRefundNo: order.outRefundNo ?? '', alreadyRefunded: true };
  const outRefundNo = order.outRefundNo ?? outRefundNoOf(order);
  const answer = await askRefund(order, reason);
  // the order stays `refunding`: calling refundOrder again re-sends the same outRefundNo
  if (!answer.accepted) return fail('PAYMENT_FAILED', `${order.provider === 'xpay' ? '虚拟支付' : '微信支付'}未受理退款（${answer.detail}），可稍后重试`);
  return { order: toAdminOrderView(order), outRefundNo, alreadyRefunded: false };
}

export type RefundOutcome = 'refunded' | 'already_refunded' | 'incident';

/**
 * In one transaction: the order refunded and what this order gave taken
 * back: its course (if this order is what granted it), the courses a bundle
 * order granted (not one owned before or through another order), a
 * membership order's days; and its coupon given back if settings/pricing
 * says so. A refund of other than the whole amount, or of an order not
 * refunding under this number, is recorded for operators and changes nothing.
 */
export async function settleRefund(outRefundNo: string, refund: RefundState): Promise<RefundOutcome> {
  // the order is WeChat Pay's word (an order's _id is its outTradeNo), checked against ours below
  const orderId = refund.outTradeNo;
  if (!orderId) throw new Error(`WeChat Pay names no order for refund ${outRefundNo}`);
  const [{ refundReturnsCoupon }, before] = await Promise.all([pricingSettings(), docById<OrderDoc>('orders', orderId)]);
  // the learner's other paid orders, which may still give a course this refund takes back (re-read in the transaction)
  const candidates = before && orderKindOf(before) !== 'question' && orderKindOf(before) !== 'membership' ? await coverCandidates(before.openid, orderId) : [];
  const result = await inTransaction(async (tx): Promise<{ outcome: RefundOutcome; uncount?: { collection: string; id: string }; question?: QuestionRefunded }> => {
    const order = await txDoc<OrderDoc>(tx, 'orders', orderId);
    if (!order) throw new Error(`order ${orderId} of refund ${outRefundNo} is gone`);
    if (order.status === 'refunded') return { outcome: 'already_refunded' };
    if (order.status !== 'refunding' || order.outRefundNo !== outRefundNo || refund.outTradeNo !== order.outTradeNo) {
      await recordIncident(tx, 'refund_mismatch', order, { outRefundNo, orderStatus: order.status, refundOf: refund.outTradeNo });
      return { outcome: 'incident' };
    }
    if (refund.refundFen !== order.amountFen) {
      await recordIncident(tx, 'refund_mismatch', order, { outRefundNo, refundFen: refund.refundFen, orderFen: order.amountFen });
      return { outcome: 'incident' };
    }
    const now = new Date();
    const refundedAt = refund.refundedAt ?? now;
    await tx.collection('orders').doc(order._id).update({ data: { status: 'refunded', refundedAt, updatedAt: now } });
    const { couponId } = pricingOf(order);
    // off by default: a coupon is spent once the money was taken, whatever happens to it after
    if (couponId && refundReturnsCoupon) await releaseCoupon(tx, couponId, order._id, 'used', now);

    const kind = orderKindOf(order);
    if (kind === 'question') {
      // no course to take back: the question is refunded, and its asker told once
      const question = await markQuestionRefunded(tx, order, refundedAt, now);
      if (!question) return { outcome: 'refunded' };
      return { outcome: 'refunded', question: { openid: order.openid, questionId: question._id, content: question.content, amountFen: order.amountFen, refundedAt } };
    }
    const sold = order.productId ? { collection: kind === 'bundle' ? 'bundles' : 'membershipPlans', id: order.productId } : undefined;
    if (kind === 'bundle') {
      // only what this order granted: a course owned before stays, and one another paid order covers passes to it
      await takeBackCourses(tx, order, order.grantedCourseIds ?? [], candidates, now);
      return { outcome: 'refunded', uncount: sold };
    }
    if (kind === 'membership') {
      await shortenMembership(tx, order, now);
      return { outcome: 'refunded', uncount: sold };
    }
    // a course owned through another order (a duplicate purchase, a bundle holding it) stays owned
    const revoked = await takeBackCourses(tx, order, [order.courseId], candidates, now);
    return revoked.length ? { outcome: 'refunded', uncount: { collection: 'courses', id: order.courseId } } : { outcome: 'refunded' };
  });
  if (result.question) await notifyQuestionRefunded(result.question);
  if (result.uncount) await countSale(result.uncount.collection, result.uncount.id, -1);
  return result.outcome;
}

/** A refund that WeChat Pay closed or could not make: the order stays refunding, for an operator. */
async function recordFailedRefund(outRefundNo: string, refund: RefundState): Promise<void> {
  const order = refund.outTradeNo ? await docById<OrderDoc>('orders', refund.outTradeNo) : null;
  if (!order) return;
  await inTransaction((tx) => recordIncident(tx, 'refund_failed', order, { outRefundNo, state: refund.detail }));
}

/**
 * What the order's payment system said of a refund, acted on: done when it
 * succeeded (settled) or failed (recorded for operators); not yet while it is
 * processing, so the notification or the timer comes again.
 */
export async function settleQueriedRefund(outRefundNo: string, refund: RefundState): Promise<NotificationOutcome> {
  if (refund.state === 'processing' || refund.state === 'unknown') return { done: false, reason: `REFUND_${refund.detail || 'UNKNOWN'}` };
  if (refund.state === 'failed') {
    await recordFailedRefund(outRefundNo, refund);
    return { done: true, recorded: true };
  }
  const outcome = await settleRefund(outRefundNo, refund);
  return { done: true, recorded: outcome === 'incident' };
}

/** A refunding order's refund, as its payment system says it stands. */
export async function settleOrderRefund(order: OrderDoc, provider: PaymentProvider): Promise<NotificationOutcome> {
  const outRefundNo = order.outRefundNo ?? outRefundNoOf(order);
  return settleQueriedRefund(outRefundNo, await provider.queryRefund(outRefundNo, order));
}

/**
 * WeChat Pay's refund notification (refundCallback): settled by what WeChat
 * Pay itself says of the refund, never by the notification's word.
 */
export async function settleNotifiedRefund(outRefundNo: string): Promise<NotificationOutcome> {
  const provider = await providerNamed('cloudpay');
  return settleQueriedRefund(outRefundNo, await provider.queryRefund(outRefundNo));
}
