import { z } from 'zod';
import { paymentProviderName } from '../common';

/** The platforms `wx.getDeviceInfo().platform` names, which may each pay their own way. */
export const clientPlatform = z.enum(['ios', 'android', 'devtools', 'windows', 'mac', 'ohos']);
export type ClientPlatform = z.infer<typeof clientPlatform>;

/**
 * The virtual payment account (小程序虚拟支付, 基本配置): its OfferID, and the
 * environment orders go to (0 现网, 1 沙箱). The AppKey of that environment
 * is a secret: the functions' environment variable XPAY_APP_KEY, never here.
 */
export const xpaySettingsSchema = z.object({
  offerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  env: z.union([z.literal(0), z.literal(1)]),
});
export type XpaySettings = z.infer<typeof xpaySettingsSchema>;

/**
 * Configuration operators edit in the cloud console, not in code. The
 * payment document says how learners pay: WeChat Pay's merchant (sub-merchant
 * ID bound to the environment) or mini-program virtual payment (xpay), for
 * every platform (`provider`) or per platform (`providerByPlatform`, e.g.
 * cloudpay on Android and xpay on iOS, where only virtual payment may sell).
 */
export const paymentSettingsSchema = z
  .object({
    _id: z.literal('payment'),
    provider: paymentProviderName,
    providerByPlatform: z.partialRecord(clientPlatform, paymentProviderName).optional(),
    /** required when any provider is xpay */
    xpay: xpaySettingsSchema.optional(),
    /** 微信支付商户号 bound to the cloud environment (云开发控制台 → 设置 → 全局设置 → 微信支付配置) */
    subMchId: z.string().regex(/^\d{8,12}$/),
    /** minutes an unpaid order stays payable */
    orderTtlMinutes: z.number().int().min(5).max(120),
  })
  .refine((s) => s.xpay !== undefined || (s.provider !== 'xpay' && !Object.values(s.providerByPlatform ?? {}).includes('xpay')), {
    message: 'xpay (offerId, env) is required when a provider is xpay',
    path: ['xpay'],
  });
export type PaymentSettingsDoc = z.infer<typeof paymentSettingsSchema>;

/**
 * The messages learners get, when they agreed to them: WeChat subscribe
 * messages (订阅消息) whose templates operators pick in 微信公众平台 → 订阅消息.
 */
export const notificationSettingsSchema = z.object({
  _id: z.literal('notifications'),
  /**
   * the "购买成功" template (fields thing1 course, amount2 amount, time3 paid at);
   * empty: no message after a purchase
   */
  purchaseSucceededTemplateId: z.string().regex(/^[A-Za-z0-9_-]{0,64}$/),
  /** the page the message opens, without a query: `?id=<courseId>` is appended */
  page: z.string().regex(/^[A-Za-z0-9_\-/]{1,128}$/),
});
export type NotificationSettingsDoc = z.infer<typeof notificationSettingsSchema>;

/**
 * Paid questions (付费提问): how long a teacher has to answer once the question
 * is paid, after which refundUnansweredQuestions refunds it in full, and the
 * subscribe message telling the asker (fields thing1 question, amount2
 * amount, time3 refunded at; empty: no message).
 */
export const questionSettingsSchema = z.object({
  _id: z.literal('questions'),
  answerHours: z.number().int().min(1).max(720),
  refundedTemplateId: z.string().regex(/^[A-Za-z0-9_-]{0,64}$/),
  /** the page the message opens (我的提问) */
  page: z.string().regex(/^[A-Za-z0-9_\-/]{1,128}$/),
});
export type QuestionSettingsDoc = z.infer<typeof questionSettingsSchema>;
/** What a missing or invalid `settings/questions` means: 72 hours to answer, no refund message. */
export const QUESTION_SETTINGS_DEFAULT: QuestionSettingsDoc = { _id: 'questions', answerHours: 72, refundedTemplateId: '', page: 'pages/my-questions/index' };

/**
 * Pricing rules operators choose: how much of the list price of bundle
 * courses a learner owns already comes off the bundle (0: none, the
 * default), and whether refunding an order gives its spent coupon back
 * (default: no).
 */
export const pricingSettingsSchema = z.object({
  _id: z.literal('pricing'),
  bundleOwnedCreditPercent: z.number().int().min(0).max(100),
  refundReturnsCoupon: z.boolean(),
});
export type PricingSettingsDoc = z.infer<typeof pricingSettingsSchema>;
export const PRICING_SETTINGS_DEFAULT: PricingSettingsDoc = { _id: 'pricing', bundleOwnedCreditPercent: 0, refundReturnsCoupon: false };

export const settingsSchema = z.discriminatedUnion('_id', [paymentSettingsSchema, notificationSettingsSchema, questionSettingsSchema, pricingSettingsSchema]);
