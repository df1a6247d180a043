/**
 * The operator functions' contract: requests as zod schemas, responses as
 * types. Merged into `requestSchemas` / `Responses` in api.ts, so
 * `operatorCall` (platform/handler.ts) and the typed client treat them like any other function.
 * Every one of them answers FORBIDDEN to a caller who is not an operator.
 */
import { z } from 'zod';
import { courseSchema, courseStatus, type CourseStatus } from '../database-schema/courses/schema';
import { fen, type PaymentProviderName } from '../database-schema/common';
import { orderStatus } from '../database-schema/orders/schema';
import { BEIJING_ISO_OFFSET } from './beijing-time';
import type { OrderStatus } from './entities';
import { numberedPageRequest, type NumberedPage } from './paging';
import { adminQuestionRequestSchemas, type AdminQuestionResponses } from './questions-api';
import { adminReviewRequestSchemas, type AdminReviewResponses } from './reviews-api';
import { adminPricingRequestSchemas, type AdminPricingResponses } from './pricing-api';

/** Course IDs go into lesson IDs and storage paths: lower-case letters, digits and dashes. */
export const courseIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,47}$/, '课程 ID 只能包含小写字母、数字和短横线，2-48 个字符');

/**
 * A course as an operator writes it (adminSaveCourse, `npm run ops -- import-courses`):
 * the content only. Status, sales, counts, search text and times are the
 * server's. Chapters and lessons are the documents' own schemas; lesson IDs
 * are what progress is kept by, so keep them stable across updates. Every
 * field is held to the course document's own limits (courses/schema.ts).
 */
const course = courseSchema.shape;
/** what the operator typed, trimmed, then checked as the document's field */
const trimmed = (field: z.ZodString) => z.string().trim().pipe(field);
export const courseInputSchema = z.strictObject({
  id: courseIdSchema,
  title: trimmed(course.title),
  subtitle: trimmed(course.subtitle).default(''),
  instructor: trimmed(course.instructor),
  description: course.description.default(''),
  categoryId: trimmed(course.categoryId),
  coverFileId: course.coverFileId,
  /** integer fen (分): 9900 is ¥99.00 */
  priceFen: course.priceFen,
  /** open to valid members without buying */
  memberIncluded: z.boolean().default(false),
  /** what a member pays instead, integer fen; null: no member price */
  memberPriceFen: fen.min(1).nullable().default(null),
  chapters: course.chapters.min(1),
});
export type CourseInput = z.input<typeof courseInputSchema>;
export type ParsedCourseInput = z.output<typeof courseInputSchema>;

/** A day in Asia/Shanghai, as operators count them. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00${BEIJING_ISO_OFFSET}`)), '不是有效日期');

const dayRange = { from: daySchema, to: daySchema };
const orderId = z.string().trim().min(1).max(64);

export const adminRequestSchemas = {
  adminSaveCourse: z.object({ course: courseInputSchema }).strict(),
  adminSetCourseStatus: z.object({ courseId: courseIdSchema, status: courseStatus.exclude(['draft']) }).strict(),
  adminDeleteCourse: z.object({ courseId: courseIdSchema }).strict(),
  /** a full refund only: partial refunds are not designed for */
  refundOrder: z.object({ orderId, reason: z.string().trim().min(1).max(80) }).strict(),
  adminListOrders: z
    .object({
      status: orderStatus.optional(),
      /** by creation day, inclusive */
      from: daySchema.optional(),
      to: daySchema.optional(),
      ...numberedPageRequest,
    })
    .strict(),
  adminRevenue: z.object(dayRange).strict(),
  /** compares our orders created in the range with what each one's payment system (WeChat Pay, virtual payment) says of it */
  adminReconcile: z.object({ ...dayRange, fix: z.boolean().default(false) }).strict(),
  ...adminReviewRequestSchemas,
  ...adminQuestionRequestSchemas,
  ...adminPricingRequestSchemas,
};

export interface AdminCourseView {
  id: string;
  title: string;
  status: CourseStatus;
  priceFen: number;
  lessonCount: number;
  salesCount: number;
  updatedAt: number;
  publishedAt: number | null;
}

export interface AdminOrderView {
  id: string;
  outTradeNo: string;
  openid: string;
  courseId: string;
  courseTitle: string;
  amountFen: number;
  status: OrderStatus;
  createdAt: number;
  paidAt: number | null;
  outRefundNo: string | null;
  refundedAt: number | null;
}

export interface RevenueRow {
  paidCount: number;
  /** list prices of the orders paid: what they would have cost without member prices, bundle credits and coupons */
  grossFen: number;
  /** gross less paid: what member prices, bundle credits and coupons took off */
  discountFen: number;
  paidFen: number;
  refundedCount: number;
  refundedFen: number;
  /** paid minus refunded */
  netFen: number;
}

export interface RevenueReport {
  from: string;
  to: string;
  days: (RevenueRow & { date: string })[];
  courses: (RevenueRow & { courseId: string; courseTitle: string })[];
  total: RevenueRow;
}

export type ReconcileKind =
  /** WeChat Pay took the money, our order does not say paid */
  | 'paid_not_recorded'
  /** our order says paid, WeChat Pay has no payment */
  | 'recorded_not_paid'
  /** WeChat Pay refunded it, our order still says paid */
  | 'refunded_not_recorded'
  /** both say paid, with different amounts */
  | 'amount_mismatch';

export interface ReconcileFinding {
  kind: ReconcileKind;
  orderId: string;
  outTradeNo: string;
  /** the payment system asked: the order's own */
  provider: PaymentProviderName;
  ourStatus: OrderStatus;
  /** the payment system's state of the order (WeChat Pay's trade state, virtual payment's XPAY_STATUS_<n>) */
  payState: string;
  ourFen: number;
  payFen: number | null;
  /** settled through the payment callback's own code (with `fix`) */
  fixed: boolean;
}

export interface AdminResponses extends AdminReviewResponses, AdminQuestionResponses, AdminPricingResponses {
  adminSaveCourse: { course: AdminCourseView; created: boolean };
  adminSetCourseStatus: { course: AdminCourseView };
  adminDeleteCourse: { courseId: string; deleted: true };
  refundOrder: { order: AdminOrderView; outRefundNo: string; alreadyRefunded: boolean };
  adminListOrders: NumberedPage<AdminOrderView>;
  adminRevenue: RevenueReport;
  adminReconcile: { checked: number; findings: ReconcileFinding[]; truncated: boolean };
}
