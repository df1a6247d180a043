import { randomBytes } from 'node:crypto';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import { entitlementId, type EntitlementDoc } from '../../../database-schema/entitlements/schema';
import { orderKindOf, type OrderDoc } from '../../../database-schema/orders/schema';
import type { PaymentSettingsDoc } from '../../../database-schema/settings/schema';
import { pendingOrderId, type PendingOrderDoc } from '../../../database-schema/pendingOrders/schema';
import type { Paged, ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { OrderView } from '../../../typings/entities';
import { db, docById, docs, inTransaction, txDoc, type Transaction } from '../platform/cloud';
import { fail } from '../platform/errors';
import { coverUrls } from '../platform/media';
import { paymentProvider } from '../payment/choose-provider';
import { notificationSettings, paymentSettings, questionSettings } from '../platform/settings';
import { dayjs, toBeijingCompact } from '../platform/time';
import { toOrderView } from './views';

/** An order reused must leave the learner time to pay. */
const MIN_MINUTES_LEFT_TO_REUSE = 3;

/**
 * A merchant order number: unique, at most 32 characters of [0-9A-Za-z]
 * (WeChat Pay's rule): "K" + Beijing time to the second + 12 random hex.
 */
export function newOutTradeNo(now = new Date()): string {
  return `K${toBeijingCompact(now)}${randomBytes(6).toString('hex')}`;
}

/**
 * Opens an order for a course at the course's own price, or hands back the
 * caller's open unpaid one. The pending-order slot (one per learner and
 * course) is read and written in the same transaction, so two racing calls
 * cannot both open an order: the loser conflicts, retries and reuses.
 */
export async function createOrder(openid: string, courseId: string): Promise<ResponseOf<'createOrder'>> {
  const [course, settings] = await Promise.all([docById<CourseDoc>('courses', courseId), paymentSettings()]);
  if (!course) return fail('NOT_FOUND', '课程不存在');
  if (course.status !== 'published' || course.priceFen < 1) return fail('NOT_ON_SALE', '该课程暂不可购买');

  const answer = await inTransaction(async (tx): Promise<{ order: OrderDoc; reused: boolean }> => {
    const now = new Date();
    const entitlement = await txDoc<EntitlementDoc>(tx, 'entitlements', entitlementId(openid, courseId));
    if (entitlement?.status === 'active') return fail('ALREADY_OWNED', '你已购买该课程');

    const slotId = pendingOrderId(openid, courseId);
    const slot = await txDoc<PendingOrderDoc>(tx, 'pendingOrders', slotId);
    if (slot && dayjs(slot.expiresAt).diff(now, 'minute', true) >= MIN_MINUTES_LEFT_TO_REUSE) {
      const open = await txDoc<OrderDoc>(tx, 'orders', slot.orderId);
      if (open?.status === 'unpaid') return { order: open, reused: true };
    }

    const order = newOrder(openid, settings, now, {
      courseId,
      courseTitle: course.title,
      courseCoverFileId: course.coverFileId,
      amountFen: course.priceFen,
    });
    const { outTradeNo, expiresAt } = order;
    await writeOrder(tx, order);
    const newSlot: Omit<PendingOrderDoc, '_id'> = { openid, courseId, orderId: outTradeNo, expiresAt };
    await tx.collection('pendingOrders').doc(slotId).set({ data: newSlot });
    return { order, reused: false };
  });
  return { order: toOrderView(answer.order, await coverUrls([answer.order.courseCoverFileId])), reused: answer.reused };
}

/** What an order buys, priced on the server: the fields its kind decides. */
export type OrderProduct = Pick<OrderDoc, 'courseId' | 'courseTitle' | 'courseCoverFileId' | 'amountFen' | 'kind' | 'questionId'>;

/** A new unpaid order of `openid` for `product`, payable for the settings' TTL. */
export function newOrder(openid: string, settings: PaymentSettingsDoc, now: Date, product: OrderProduct): OrderDoc {
  const outTradeNo = newOutTradeNo(now);
  return {
    _id: outTradeNo,
    outTradeNo,
    openid,
    _openid: openid,
    ...product,
    status: 'unpaid',
    provider: settings.provider,
    createdAt: now,
    updatedAt: now,
    expiresAt: dayjs(now).add(settings.orderTtlMinutes, 'minute').toDate(),
    paidAt: null,
    closedAt: null,
    outRefundNo: null,
    refundedAt: null,
  };
}

export async function writeOrder(tx: Transaction, order: OrderDoc): Promise<void> {
  const { _id, ...orderFields } = order;
  await tx.collection('orders').doc(_id).set({ data: orderFields });
}

/** An order of the caller's; another learner's order is "not found", never revealed. */
export async function ownOrder(openid: string, orderId: string): Promise<OrderDoc> {
  const order = await docById<OrderDoc>('orders', orderId);
  if (!order || order.openid !== openid) return fail('NOT_FOUND', '订单不存在');
  return order;
}

/** The payment parameters for wx.requestPayment, for the caller's unpaid, unexpired order. */
export async function startPayment(openid: string, orderId: string): Promise<ResponseOf<'unifiedPay'>> {
  // the notification settings come with the payment settings' read (shared/settings.ts)
  const [order, provider, notifications, questions] = await Promise.all([ownOrder(openid, orderId), paymentProvider(), notificationSettings(), questionSettings()]);
  if (order.status !== 'unpaid') return fail('ORDER_NOT_PAYABLE', order.status === 'paid' ? '订单已支付' : '订单已关闭');
  if (order.expiresAt.getTime() <= Date.now()) return fail('ORDER_EXPIRED', '订单已过期，请重新下单');
  const payment = await provider.createPayment({
    outTradeNo: order.outTradeNo,
    amountFen: order.amountFen,
    description: orderKindOf(order) === 'course' ? `课程-${order.courseTitle}` : order.courseTitle,
    expiresAt: order.expiresAt,
  });
  // a course's "购买成功"; a paid question's "退款成功", sent should its teacher not answer in time
  const templateId = orderKindOf(order) === 'question' ? questions.refundedTemplateId : notifications.purchaseSucceededTemplateId;
  const subscribeTemplateIds = templateId ? [templateId] : [];
  return { orderId: order._id, payment, subscribeTemplateIds };
}

export async function getOrder(openid: string, orderId: string): Promise<OrderView> {
  const order = await ownOrder(openid, orderId);
  return toOrderView(order, await coverUrls([order.courseCoverFileId]));
}

export async function listOrders(openid: string, request: ParsedRequestOf<'listOrders'>): Promise<Paged<OrderView>> {
  const filter: Record<string, unknown> = { openid };
  if (request.status) filter.status = request.status;
  const rows = await docs<OrderDoc>(
    db
      .collection('orders')
      .where(filter)
      .orderBy('createdAt', 'desc')
      .skip((request.page - 1) * request.pageSize)
      .limit(request.pageSize + 1),
  );
  const page = rows.slice(0, request.pageSize);
  const covers = await coverUrls(page.map((o) => o.courseCoverFileId));
  return {
    items: page.map((o) => toOrderView(o, covers)),
    page: request.page,
    hasMore: rows.length > request.pageSize,
  };
}
