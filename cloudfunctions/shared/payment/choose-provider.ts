/** The payment provider the shop uses now, as settings/payment says. */
import { callerContext } from '../platform/caller';
import { fail } from '../platform/errors';
import { paymentSettings } from '../platform/settings';
import { cloudPayProvider } from './cloudpay';
import type { PaymentProvider } from './provider';

export async function paymentProvider(): Promise<PaymentProvider> {
  const settings = await paymentSettings();
  if (settings.provider === 'virtual') return fail('PAYMENT_FAILED', '虚拟支付尚未开通');
  return cloudPayProvider({ subMchId: settings.subMchId, envId: callerContext().env });
}
