/**
 * Which provider takes a new order's money (settings/payment and the buyer's
 * platform), and the provider an existing order names: an order is settled,
 * refunded, closed and reconciled by the provider it was made with, whatever
 * the settings say now.
 */
import type { PaymentProviderName } from '../../../database-schema/common';
import type { ClientPlatform, PaymentSettingsDoc } from '../../../database-schema/settings/schema';
import { callerContext } from '../platform/caller';
import { fail } from '../platform/errors';
import { paymentSettings } from '../platform/settings';
import { cloudPayProvider } from './cloudpay';
import type { PaymentProvider } from './provider';
import { xpayProvider } from './xpay';

/** The provider for a new order from `platform` (wx.getDeviceInfo().platform; unknown: the default). */
export function providerFor(settings: Pick<PaymentSettingsDoc, 'provider' | 'providerByPlatform'>, platform?: ClientPlatform | null): PaymentProviderName {
  return (platform ? settings.providerByPlatform?.[platform] : undefined) ?? settings.provider;
}

/** The provider `name`, configured from settings/payment. */
export async function providerNamed(name: PaymentProviderName): Promise<PaymentProvider> {
  const settings = await paymentSettings();
  if (name === 'xpay') {
    if (!settings.xpay) return fail('PAYMENT_FAILED', '虚拟支付尚未开通');
    return xpayProvider(settings.xpay);
  }
  return cloudPayProvider({ subMchId: settings.subMchId, envId: callerContext().env });
}
