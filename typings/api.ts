/**
 * The contract of every cloud function a page calls: its request, declared
 * once as a zod schema (the function validates with it, the page gets its
 * type), and its response. The mini-program imports this file as types only.
 */
import { z } from 'zod';
import { orderStatus, type PriceBreakdown } from '../database-schema/orders/schema';
import type {
  Category,
  CourseCard,
  CourseDetail,
  LessonContent,
  MyCourseItem,
  OrderView,
  PaymentParams,
  ProgressView,
  ReviewView,
  UserProfile,
} from './entities';
import { adminRequestSchemas, type AdminResponses } from './admin-api';
import { questionRequestSchemas, type QuestionResponses } from './questions-api';
import { pricingRequestSchemas, type PricingResponses, type SellableRef } from './pricing-api';
import { reviewRequestSchemas, type ReviewResponses } from './reviews-api';
import { sellableKind } from '../database-schema/orders/schema';
import { clientPlatform, type ClientPlatform } from '../database-schema/settings/schema';
import type { PaymentProviderName } from '../database-schema/common';
import type { VirtualPaymentParams } from './xpay';

const id = z.string().trim().min(1).max(64);
const page = z.number().int().min(1).max(1000).default(1);
/** WeChat's client limit is 20 a query; we never page wider. */
const pageSize = z.number().int().min(1).max(20).default(10);

export const requestSchemas = {
  /** `platform`: wx.getDeviceInfo().platform, which says how this device pays (settings/payment) */
  login: z.object({ platform: clientPlatform.optional() }).strict(),
  updateProfile: z
    .object({
      nickname: z.string().trim().min(1).max(32).optional(),
      avatarFileId: z.string().startsWith('cloud://').max(512).optional(),
    })
    .strict()
    .refine((r) => r.nickname !== undefined || r.avatarFileId !== undefined, '至少修改一项'),
  listCategories: z.object({}).strict(),
  listCourses: z
    .object({
      categoryId: id.optional(),
      keyword: z.string().trim().max(32).optional(),
      sort: z.enum(['newest', 'bestselling']).default('newest'),
      page,
      pageSize,
      /** also answer the categories, so the home page's first screen is one call */
      includeCategories: z.boolean().default(false),
    })
    .strict(),
  getCourse: z.object({ courseId: id }).strict(),
  /**
   * `{kind, id}` of a course, bundle or plan (or, as pages before bundles
   * ask, `{courseId}`), with the coupon to reserve on the order (none if
   * left out or null), and the device's platform, which picks the payment
   * provider (settings/payment). Any price in the input is refused: prices are the server's.
   */
  createOrder: z
    .object({ courseId: id.optional(), kind: sellableKind.optional(), id: id.optional(), couponId: id.nullable().optional(), platform: clientPlatform.optional() })
    .strict()
    .refine((r) => (r.courseId !== undefined) !== (r.id !== undefined && r.kind !== undefined), '请给出 courseId，或 kind 与 id')
    .transform((r): SellableRef & { couponId: string | null; platform: ClientPlatform | null } => ({
      ...(r.courseId !== undefined ? { kind: 'course' as const, id: r.courseId } : { kind: r.kind!, id: r.id! }),
      couponId: r.couponId ?? null,
      platform: r.platform ?? null,
    })),
  unifiedPay: z.object({ orderId: id }).strict(),
  /** the parameters for wx.requestVirtualPayment of the caller's unpaid xpay order; `code` from a fresh wx.login() */
  virtualPay: z.object({ orderId: id, code: z.string().trim().min(1).max(128) }).strict(),
  getOrder: z.object({ orderId: id }).strict(),
  listOrders: z.object({ status: orderStatus.optional(), page, pageSize }).strict(),
  getLesson: z.object({ lessonId: id }).strict(),
  saveProgress: z
    .object({
      lessonId: id,
      /** seconds of a video or audio, the page index of an e-book, the scroll offset (px) of an article */
      positionSec: z.number().min(0).max(24 * 3600),
      /**
       * how much of an e-book or article the learner has read, 0–1 (the
       * server works it out itself for video and audio, from the lesson's length)
       */
      readShare: z.number().min(0).max(1).optional(),
      completed: z.boolean().default(false),
    })
    .strict(),
  myCourses: z.object({}).strict(),
  ...adminRequestSchemas,
  ...questionRequestSchemas,
  ...reviewRequestSchemas,
  ...pricingRequestSchemas,
};

export type FunctionName = keyof typeof requestSchemas;

/** What a page passes (defaults may be left out). */
export type RequestOf<N extends FunctionName> = z.input<(typeof requestSchemas)[N]>;
/** What the function sees after validation (defaults filled in). */
export type ParsedRequestOf<N extends FunctionName> = z.output<(typeof requestSchemas)[N]>;

export interface Paged<T> {
  items: T[];
  page: number;
  hasMore: boolean;
}

export interface Responses extends AdminResponses, QuestionResponses, ReviewResponses, PricingResponses {
  /** `payment.provider`: how the caller's platform pays (on iOS only virtual payment may sell) */
  login: { user: UserProfile; isOperator: boolean; payment: { provider: PaymentProviderName } };
  updateProfile: { user: UserProfile };
  listCategories: { categories: Category[] };
  listCourses: Paged<CourseCard> & { categories?: Category[] };
  /** `reviews`: the first of the course's reviews (reviews-api.ts COURSE_PAGE_REVIEWS), the caller's own first, pending or not */
  /**
   * `memberAccess`: open to the caller through a valid membership (会员) without
   * owning it; `price`: what the caller would pay, before any coupon
   */
  getCourse: { course: CourseDetail; owned: boolean; memberAccess: boolean; price: PriceBreakdown; unpaidOrder: OrderView | null; reviews: ReviewView[] };
  createOrder: { order: OrderView; reused: boolean };
  /**
   * `subscribeTemplateIds`: the subscribe messages (订阅消息) a purchase may send,
   * for wx.requestSubscribeMessage before paying; empty when none are configured
   */
  unifiedPay: { orderId: string; payment: PaymentParams; subscribeTemplateIds: string[] };
  virtualPay: { orderId: string } & VirtualPaymentParams;
  getOrder: { order: OrderView };
  listOrders: Paged<OrderView>;
  getLesson: { lesson: LessonContent };
  saveProgress: { progress: ProgressView };
  myCourses: { items: MyCourseItem[] };
}

export type ResponseOf<N extends FunctionName> = Responses[N];
