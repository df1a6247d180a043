/**
 * Where the learner's phone may buy. Apple forbids selling virtual goods
 * (courses included) through ordinary WeChat Pay on iOS: a mini-program there
 * may show neither a price nor a buy button. Every page asks here, so the rule
 * lives in one place.
 */

export const IOS_PURCHASE_NOTICE = '由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程';

export function isIOS(): boolean {
  // getDeviceInfo is the current API (base library 2.20.1+); getSystemInfoSync is deprecated but older clients have only it.
  const info = typeof wx.getDeviceInfo === 'function' ? wx.getDeviceInfo() : wx.getSystemInfoSync();
  return String(info.platform).toLowerCase() === 'ios';
}

/** Whether this device may show prices and sell. */
export function canSellHere(): boolean {
  return !isIOS();
}
