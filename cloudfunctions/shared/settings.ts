import { paymentSettingsSchema, type PaymentSettingsDoc } from '../../database-schema/settings/schema';
import { docById } from './cloud';
import { fail } from './errors';

const CACHE_MS = 60_000;
let cached: { value: PaymentSettingsDoc; at: number } | null = null;

/**
 * The payment configuration operators keep in `settings/payment`. A warm
 * instance reuses it for a minute, so paying costs no extra read most times.
 */
export async function paymentSettings(): Promise<PaymentSettingsDoc> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const parsed = paymentSettingsSchema.safeParse(await docById('settings', 'payment'));
  if (!parsed.success) {
    console.error('settings/payment is missing or invalid: see README, "WeChat Pay"', parsed.error?.issues);
    return fail('PAYMENT_FAILED', '支付暂未开通，请联系客服');
  }
  cached = { value: parsed.data, at: Date.now() };
  return parsed.data;
}
