/**
 * Where the mini-program's cloud calls go. Empty means the environment chosen
 * in WeChat DevTools (the default one); set your environment ID to pin it.
 */
export const CLOUD_ENV = '';

/**
 * After wx.requestPayment succeeds, the order becomes paid only when WeChat
 * Pay's notification reaches payCallback, which is asynchronous: the purchase
 * page asks getOrder this many times, this far apart, before it says 支付结果确认中.
 */
export const PAYMENT_CONFIRMATION = { attempts: 6, intervalMs: 1500 };
