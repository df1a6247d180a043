import { describe, expect, it } from 'vitest';
import { xpayProductId } from '../orders/schema';
import { paymentSettingsSchema } from './schema';

const base = { _id: 'payment', provider: 'cloudpay', subMchId: '1900000109', orderTtlMinutes: 30 };

describe('settings/payment', () => {
  it('takes a provider per platform, and requires the xpay account when any provider is xpay', () => {
    expect(paymentSettingsSchema.safeParse(base).success).toBe(true);
    expect(paymentSettingsSchema.safeParse({ ...base, providerByPlatform: { ios: 'xpay' } }).success).toBe(false);
    expect(paymentSettingsSchema.safeParse({ ...base, provider: 'xpay' }).success).toBe(false);
    expect(paymentSettingsSchema.parse({ ...base, providerByPlatform: { ios: 'xpay' }, xpay: { offerId: '1450000001', env: 1 } })).toMatchObject({
      providerByPlatform: { ios: 'xpay' },
      xpay: { env: 1 },
    });
    expect(paymentSettingsSchema.safeParse({ ...base, provider: 'virtual' }).success).toBe(false);
    expect(paymentSettingsSchema.safeParse({ ...base, providerByPlatform: { symbian: 'cloudpay' } }).success).toBe(false);
  });

  it('names an xpay product by product key and price, in the characters xpay allows', () => {
    expect(xpayProductId('course-ts', 19900)).toBe('course_ts_19900');
    expect(xpayProductId('plan-year', 19800)).toBe('plan_year_19800');
    expect(xpayProductId('bundle-全栈', 1)).toBe('bundle____1');
  });
});
