import { CLOUD_ENV } from './config';
import { isIOS, paymentProvider, type PaymentGlobals } from './services/platform';

App<{ globalData: PaymentGlobals }>({
  /** the session's state pages share: what the server said pays here (services/platform) */
  globalData: {},
  onLaunch() {
    if (!wx.cloud) {
      console.error('wx.cloud is missing: use base library 2.2.3 or newer');
      return;
    }
    wx.cloud.init({ ...(CLOUD_ENV ? { env: CLOUD_ENV } : {}), traceUser: true });
    // on iOS, prices may show only once login names the provider: ask it now, before the first page does
    if (isIOS()) void paymentProvider();
  },
});
