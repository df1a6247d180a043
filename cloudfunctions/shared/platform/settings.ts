import {
  notificationSettingsSchema,
  paymentSettingsSchema,
  PRICING_SETTINGS_DEFAULT,
  pricingSettingsSchema,
  QUESTION_SETTINGS_DEFAULT,
  questionSettingsSchema,
  type PricingSettingsDoc,
  type NotificationSettingsDoc,
  type PaymentSettingsDoc,
  type QuestionSettingsDoc,
} from '../../../database-schema/settings/schema';
import { _, db, docs } from './cloud';
import { fail } from './errors';

const CACHE_MS = 60_000;
const SETTINGS_IDS = ['payment', 'notifications', 'questions', 'pricing'] as const;

interface Settings {
  payment: PaymentSettingsDoc | null;
  notifications: NotificationSettingsDoc;
  questions: QuestionSettingsDoc;
  pricing: PricingSettingsDoc;
}

/** What a missing or invalid `settings/notifications` means: no messages. */
const NOTIFICATIONS_OFF: NotificationSettingsDoc = { _id: 'notifications', purchaseSucceededTemplateId: '', page: 'pages/course/index' };

let cached: { value: Settings; at: number } | null = null;
/** the read under way, shared by the calls that want the settings meanwhile */
let loading: Promise<Settings> | null = null;

/**
 * The configuration operators keep in the `settings` collection, every
 * document in one read. A warm instance reuses it for a minute, so paying or
 * settling costs no extra read most times; a missing payment document is read
 * again on the next call, so fixing it takes effect at once.
 */
function settings(): Promise<Settings> {
  if (cached && Date.now() - cached.at < CACHE_MS) return Promise.resolve(cached.value);
  loading ??= load().finally(() => {
    loading = null;
  });
  return loading;
}

async function load(): Promise<Settings> {
  const found = await docs<{ _id: string }>(
    db
      .collection('settings')
      .where({ _id: _.in([...SETTINGS_IDS]) })
      .limit(SETTINGS_IDS.length),
  );
  const byId = new Map(found.map((doc) => [doc._id, doc]));
  const payment = paymentSettingsSchema.safeParse(byId.get('payment'));
  if (!payment.success) console.error('settings/payment is missing or invalid: see README, "WeChat Pay"', payment.error.issues);
  const notifications = notificationSettingsSchema.safeParse(byId.get('notifications'));
  if (!notifications.success) {
    console.warn('settings/notifications is missing or invalid, no subscribe messages are sent: see README', notifications.error.issues);
  }
  const questions = questionSettingsSchema.safeParse(byId.get('questions') ?? QUESTION_SETTINGS_DEFAULT);
  if (!questions.success) console.warn('settings/questions is invalid, the defaults apply: see README, "Questions"', questions.error.issues);
  const pricing = pricingSettingsSchema.safeParse(byId.get('pricing') ?? PRICING_SETTINGS_DEFAULT);
  if (!pricing.success) console.warn('settings/pricing is invalid, the defaults apply: see README, "Pricing"', pricing.error.issues);
  const value: Settings = {
    payment: payment.success ? payment.data : null,
    notifications: notifications.success ? notifications.data : NOTIFICATIONS_OFF,
    questions: questions.success ? questions.data : QUESTION_SETTINGS_DEFAULT,
    pricing: pricing.success ? pricing.data : PRICING_SETTINGS_DEFAULT,
  };
  if (value.payment) cached = { value, at: Date.now() };
  return value;
}

/** The payment configuration operators keep in `settings/payment`. */
export async function paymentSettings(): Promise<PaymentSettingsDoc> {
  const { payment } = await settings();
  if (!payment) return fail('PAYMENT_FAILED', '支付暂未开通，请联系客服');
  return payment;
}

/** Which subscribe messages to send (`settings/notifications`); missing or invalid: none. */
export async function notificationSettings(): Promise<NotificationSettingsDoc> {
  return (await settings()).notifications;
}

/** Paid questions' deadline and refund message (`settings/questions`); missing: QUESTION_SETTINGS_DEFAULT. */
export async function questionSettings(): Promise<QuestionSettingsDoc> {
  return (await settings()).questions;
}

/** Bundle credit and coupon return on refund (`settings/pricing`); missing: PRICING_SETTINGS_DEFAULT. */
export async function pricingSettings(): Promise<PricingSettingsDoc> {
  return (await settings()).pricing;
}
