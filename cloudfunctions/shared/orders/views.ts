/** An order document → what a learner's page (OrderView) and an operator's list (AdminOrderView) show. */
import { orderKindOf, type OrderDoc } from '../../../database-schema/orders/schema';
import type { AdminOrderView } from '../../../typings/admin-api';
import type { OrderView } from '../../../typings/entities';
import type { CoverUrls } from '../platform/media';
import { toMillis } from '../platform/time';

export function toOrderView(doc: OrderDoc, covers: CoverUrls): OrderView {
  const kind = orderKindOf(doc);
  return {
    id: doc._id,
    outTradeNo: doc.outTradeNo,
    courseId: doc.courseId,
    courseTitle: doc.courseTitle,
    courseCoverUrl: covers.get(doc.courseCoverFileId) ?? '',
    amountFen: doc.amountFen,
    status: doc.status,
    createdAt: doc.createdAt.getTime(),
    expiresAt: doc.expiresAt.getTime(),
    paidAt: toMillis(doc.paidAt),
    kind,
    // the page a bundle or plan order links to goes by this, not by its product key
    productId: kind === 'bundle' || kind === 'membership' ? (doc.productId ?? null) : null,
  };
}

export function toAdminOrderView(order: OrderDoc): AdminOrderView {
  return {
    id: order._id,
    outTradeNo: order.outTradeNo,
    openid: order.openid,
    courseId: order.courseId,
    courseTitle: order.courseTitle,
    amountFen: order.amountFen,
    status: order.status,
    createdAt: order.createdAt.getTime(),
    paidAt: toMillis(order.paidAt),
    outRefundNo: order.outRefundNo ?? null,
    refundedAt: toMillis(order.refundedAt),
  };
}
