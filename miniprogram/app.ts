import { CLOUD_ENV } from './config';

App({
  onLaunch() {
    if (!wx.cloud) {
      console.error('wx.cloud is missing: use base library 2.2.3 or newer');
      return;
    }
    wx.cloud.init({ ...(CLOUD_ENV ? { env: CLOUD_ENV } : {}), traceUser: true });
  },
});
