import { login } from '../shared/users/users';
import { learnerCall } from '../shared/platform/handler';
import { providerFor } from '../shared/payment/choose-provider';
import { paymentSettings } from '../shared/platform/settings';

/**
 * The caller's profile, and how their platform pays (the page shows prices and
 * buying on iOS only under virtual payment). Payment not configured yet does
 * not stop a login: it reads as cloudpay, which refuses to pay until it is.
 */
export const main = learnerCall('login', async (input, caller) => {
  const [user, settings] = await Promise.all([login(caller.openid), paymentSettings().catch(() => null)]);
  const provider = settings ? providerFor(settings, input.platform) : 'cloudpay';
  return { user, isOperator: user.role === 'operator', payment: { provider } };
});
