import { randomBytes } from 'node:crypto';
import type { CouponDoc } from '../../../database-schema/coupons/schema';
import { entitlementId, type EntitlementDoc } from '../../../database-schema/entitlements/schema';
import { orderKindOf, pricingOf, type OrderDoc, type OrderKind } from '../../../database-schema/orders/schema';
import type { PaymentSettingsDoc } from '../../../database-schema/settings/schema';
import { pendingOrderId, type PendingOrderDoc } from '../../../database-schema/pendingOrders/schema';
import type { Paged, ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { OrderView } from '../../../typings/entities';
import { db, docById, docs, inTransaction, txDoc, type Transaction } from '../platform/cloud';
import { fail } from '../platform/errors';
import { coverUrls } from '../platform/media';
import { providerFor, providerNamed } from '../payment/choose-provider';
import { grantToBundleOrder } from '../bundles/grants';
import { releaseCoupon } from '../payment/coupons';
import { notificationSettings, paymentSettings, questionSettings } from '../platform/settings';
import { dayjs, toBeijingCompact } from '../platform/time';
import { pricingContext } from '../pricing/quote';
import { priceItem } from '../pricing/pricing';
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

/** What createOrder is asked: an item, the coupon to reserve on its order (null: none), and the device's platform. */
export type OrderRequest = ParsedRequestOf<'createOrder'>;

/** Virtual payment sells each product at the price fixed in the back office: no coupon can lower it. */
export const XPAY_NO_COUPON = '虚拟支付暂不支持优惠券';

/**
 * Opens an order for a course, bundle or plan, priced by the pricing engine
 * (never by the client), or hands back the caller's open unpaid one for the
 * same item. In one transaction: the pending-order slot (one per learner and
 * product), the coupon read and checked again and reserved for the order, and
 * the order; so two racing calls cannot open two orders (the loser conflicts,
 * retries and reuses), nor one coupon serve two orders (the loser is refused
 * COUPON_USED). A refusal writes nothing.
 *
 * The order's payment provider is the one settings/payment names for the
 * caller's platform; under virtual payment no coupon may be used. The open
 * order is reused only while it has time left to pay, costs what the item
 * costs now with the same coupon choice, and is paid the same way; otherwise
 * it is closed in the same transaction, its coupon given back, and a new one
 * opened.
 */
export async function createOrder(openid: string, request: OrderRequest): Promise<ResponseOf<'createOrder'>> {
  const [ctx, settings] = await Promise.all([pricingContext(openid, request, new Date()), paymentSettings()]);
  if (ctx.owned) {
    // a holder missing a course added to the bundle (its grant pass has not reached them) gets it now, not a second sale
    if (ctx.bundleOrderId) await grantToBundleOrder(ctx.bundleOrderId, ctx.courseIds, ctx.now);
    return fail('ALREADY_OWNED', ctx.ref.kind === 'bundle' ? (ctx.bundleOrderId ? '你已购买该专栏' : '你已拥有该专栏的全部课程') : '你已购买该课程');
  }
  const { couponId } = request;
  const provider = providerFor(settings, request.platform);
  if (provider === 'xpay' && couponId) return fail('COUPON_NOT_APPLICABLE', XPAY_NO_COUPON);

  const answer = await inTransaction(async (tx): Promise<{ order: OrderDoc; reused: boolean; replaced: OrderDoc | null }> => {
    const now = new Date();
    if (ctx.ref.kind === 'course') {
      // read again inside: a purchase settled since the context was read
      const entitlement = await txDoc<EntitlementDoc>(tx, 'entitlements', entitlementId(openid, ctx.ref.id));
      if (entitlement?.status === 'active') return fail('ALREADY_OWNED', '你已购买该课程');
    }

    const slotId = pendingOrderId(openid, ctx.productKey);
    const slot = await txDoc<PendingOrderDoc>(tx, 'pendingOrders', slotId);
    const found = slot ? await txDoc<OrderDoc>(tx, 'orders', slot.orderId) : null;
    const open = found?.status === 'unpaid' && found.openid === openid ? found : null;

    const coupon = couponId ? await txDoc<CouponDoc>(tx, 'coupons', couponId) : null;
    if (couponId && !coupon) return fail('COUPON_NOT_FOUND', '优惠券不存在');
    // the coupon as it is now, inside the transaction: the open order's own coupon stays its to keep
    const priced = priceItem(ctx.item, ctx.buyer, ctx.rules, coupon, now, open?._id ?? null);
    if (!priced.ok) return fail(priced.code, priced.message);
    const price = priced.price;

    if (open) {
      const timeLeft = dayjs(open.expiresAt).diff(now, 'minute', true) >= MIN_MINUTES_LEFT_TO_REUSE;
      const same = pricingOf(open).couponId === couponId && open.amountFen === price.totalFen && open.provider === provider;
      if (timeLeft && same) return { order: open, reused: true, replaced: null };
      await closeUnpaid(tx, open, now, { keepCouponId: couponId });
    }

    const order = newOrder(openid, { ...settings, provider }, now, {
      kind: ctx.ref.kind,
      courseId: ctx.productKey,
      courseTitle: ctx.title,
      courseCoverFileId: ctx.coverFileId,
      amountFen: price.totalFen,
      pricing: price,
      ...(ctx.ref.kind === 'course' ? {} : { productId: ctx.ref.id }),
      ...(ctx.membershipDays === null ? {} : { membershipDays: ctx.membershipDays }),
    });
    const { outTradeNo, expiresAt } = order;
    await writeOrder(tx, order);
    if (coupon) await tx.collection('coupons').doc(coupon._id).update({ data: { status: 'reserved', orderId: order._id, updatedAt: now } });
    const newSlot: Omit<PendingOrderDoc, '_id'> = { openid, courseId: ctx.productKey, orderId: outTradeNo, expiresAt };
    await tx.collection('pendingOrders').doc(slotId).set({ data: newSlot });
    return { order, reused: false, replaced: open };
  });
  if (answer.replaced) {
    // best effort: the replaced order is closed on our side already, and a late payment of it is still honoured (settlement.ts)
    const replaced = answer.replaced;
    await providerNamed(replaced.provider)
      .then((replacedBy) => replacedBy.closePayment(replaced))
      .catch((error) => console.warn('createOrder: the replaced order not closed at its payment system', replaced.outTradeNo, error));
  }
  return { order: toOrderView(answer.order, await coverUrls([answer.order.courseCoverFileId])), reused: answer.reused };
}

/**
 * In the caller's transaction: an unpaid order closed and the coupon it
 * reserved given back, so no order that can no longer be paid holds one.
 * `keepCouponId`: a coupon the caller reserves again for a new order in the
 * same transaction, left for that write.
 */
export async function closeUnpaid(tx: Transaction, order: OrderDoc, now: Date, { keepCouponId = null }: { keepCouponId?: string | null } = {}): Promise<void> {
  await tx.collection('orders').doc(order._id).update({ data: { status: 'closed', closedAt: now, updatedAt: now } });
  const couponId = pricingOf(order).couponId;
  if (!couponId || couponId === keepCouponId) return;
  await releaseCoupon(tx, couponId, order._id, 'reserved', now);
}

/** What an order buys, priced on the server: the fields its kind decides. */
export type OrderProduct = Pick<OrderDoc, 'courseId' | 'courseTitle' | 'courseCoverFileId' | 'amountFen' | 'kind' | 'questionId' | 'productId' | 'pricing' | 'membershipDays'>;

/** A new unpaid order of `openid` for `product`, paid through `settings.provider`, payable for the settings' TTL. */
export function newOrder(openid: string, settings: Pick<PaymentSettingsDoc, 'provider' | 'orderTtlMinutes'>, now: Date, product: OrderProduct): OrderDoc {
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

/** What the pay sheet and the learner's WeChat Pay bill say the money was for. */
const DESCRIPTION_PREFIX: Record<OrderKind, string> = { course: '课程-', bundle: '专栏-', membership: '会员-', question: '' };
// a question order's title reads "付费提问 · <teacher>" already
const paymentDescription = (order: Pick<OrderDoc, 'kind' | 'courseTitle'>): string => `${DESCRIPTION_PREFIX[orderKindOf(order)]}${order.courseTitle}`;

/** The payment parameters for wx.requestPayment, for the caller's unpaid, unexpired order. */
export async function startPayment(openid: string, orderId: string): Promise<ResponseOf<'unifiedPay'>> {
  // the notification settings come with the payment settings' read (shared/settings.ts)
  const [order, notifications, questions] = await Promise.all([ownOrder(openid, orderId), notificationSettings(), questionSettings()]);
  payableOrFail(order);
  if (order.provider === 'xpay') return fail('ORDER_NOT_PAYABLE', '请使用虚拟支付');
  const provider = await providerNamed(order.provider);
  const payment = await provider.createPayment({
    outTradeNo: order.outTradeNo,
    amountFen: order.amountFen,
    description: paymentDescription(order),
    expiresAt: order.expiresAt,
  });
  // a course's "购买成功"; a paid question's "退款成功", sent should its teacher not answer in time
  const templateId = orderKindOf(order) === 'question' ? questions.refundedTemplateId : notifications.purchaseSucceededTemplateId;
  const subscribeTemplateIds = templateId ? [templateId] : [];
  return { orderId: order._id, payment, subscribeTemplateIds };
}

/** An order that may still be paid: unpaid and not expired. */
export function payableOrFail(order: OrderDoc): void {
  if (order.status !== 'unpaid') return fail('ORDER_NOT_PAYABLE', order.status === 'paid' ? '订单已支付' : '订单已关闭');
  if (order.expiresAt.getTime() <= Date.now()) return fail('ORDER_EXPIRED', '订单已过期，请重新下单');
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
