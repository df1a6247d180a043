import type { CourseDoc } from '../../database-schema/courses/schema';
import type { OrderDoc } from '../../database-schema/orders/schema';
import type { AdminCourseView, AdminOrderView } from '../../typings/admin-api';
import { toMillis } from './time';

export function toAdminOrderView(order: OrderDoc): AdminOrderView {
  return {
    id: order._id,
    outTradeNo: order.outTradeNo,
    openid: order.openid,
    courseId: order.courseId,
    courseTitle: order.courseTitle,
    totalFee: order.totalFee,
    status: order.status,
    createdAt: order.createdAt.getTime(),
    paidAt: toMillis(order.paidAt),
    outRefundNo: order.outRefundNo ?? null,
    refundedAt: toMillis(order.refundedAt),
  };
}

export function toAdminCourseView(course: CourseDoc): AdminCourseView {
  return {
    id: course._id,
    title: course.title,
    status: course.status,
    priceFen: course.priceFen,
    lessonCount: course.lessonCount,
    salesCount: course.salesCount,
    updatedAt: course.updatedAt.getTime(),
    publishedAt: toMillis(course.publishedAt),
  };
}
