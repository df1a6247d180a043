/**
 * Where the learner's phone may buy. Apple forbids selling virtual goods
 * (courses included) through ordinary WeChat Pay on iOS: there a mini-program
 * may show neither a price nor a buy button unless it sells through 小程序虚拟支付
 * (xpay). Which provider pays on this platform is the server's settings:
 * login answers it, and the app keeps that answer for the session. Every page
 * asks here, so the rule lives in one place.
 */
import type { PaymentProviderName } from '../../database-schema/common';
import type { ClientPlatform } from '../../database-schema/settings/schema';
import { call } from './cloud';

export const IOS_PURCHASE_NOTICE = '由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程';

/**
 * The platforms the functions know (database-schema/settings clientPlatform), checked against
 * its type so the two cannot drift: the phone imports typings as types only.
 */
const KNOWN_PLATFORMS: Record<ClientPlatform, true> = { ios: true, android: true, devtools: true, windows: true, mac: true, ohos: true };

function devicePlatform(): string {
  // getDeviceInfo is the current API (base library 2.20.1+); getSystemInfoSync is deprecated but older clients have only it.
  const info = typeof wx.getDeviceInfo === 'function' ? wx.getDeviceInfo() : wx.getSystemInfoSync();
  return String(info.platform).toLowerCase();
}

/** The phone's platform as the functions name it; undefined for one they do not know (the settings' default provider serves it). */
export function platform(): ClientPlatform | undefined {
  const name = devicePlatform();
  return Object.prototype.hasOwnProperty.call(KNOWN_PLATFORMS, name) ? (name as ClientPlatform) : undefined;
}

/** The platform, as a request's optional field: left out when unknown. */
export function platformField(): { platform?: ClientPlatform } {
  const name = platform();
  return name ? { platform: name } : {};
}

export function isIOS(): boolean {
  return devicePlatform() === 'ios';
}

/** What the app learned of the payment provider, kept in the app's globalData for the session. */
export interface PaymentGlobals {
  payment?: {
    /** the provider the server last named for this platform */
    provider?: PaymentProviderName;
    /** the login asking for it, while on its way (one at a time) */
    asking?: Promise<PaymentProviderName | null>;
  };
}

function paymentState(): NonNullable<PaymentGlobals['payment']> {
  const app = getApp<{ globalData: PaymentGlobals }>();
  app.globalData.payment ??= {};
  return app.globalData.payment;
}

/** Keeps the provider the server named for this platform (login's answer, a quote's payWith). */
export function learnPaymentProvider(provider: PaymentProviderName): void {
  paymentState().provider = provider;
}

/**
 * The provider that pays on this platform: known once learned, else asked of
 * login (once, however many pages ask meanwhile). null when login failed:
 * the next ask tries again.
 */
export function paymentProvider(): Promise<PaymentProviderName | null> {
  const state = paymentState();
  if (state.provider) return Promise.resolve(state.provider);
  state.asking ??= call('login', platformField()).then(
    ({ payment }) => {
      learnPaymentProvider(payment.provider);
      state.asking = undefined;
      return payment.provider;
    },
    (error: unknown) => {
      console.warn('[platform] the payment provider is unknown: login failed', error);
      state.asking = undefined;
      return null;
    },
  );
  return state.asking;
}

/** Whether a purchase paid with `provider` may be sold on this phone: on iOS, only through xpay. */
export function maySellWith(provider: PaymentProviderName | null): boolean {
  return !isIOS() || provider === 'xpay';
}

/**
 * Whether this device may show prices and sell. Off iOS it is known at once;
 * on iOS it waits for the provider (login is asked only there), and an
 * unknown one sells nothing.
 */
export async function canSellHere(): Promise<boolean> {
  if (!isIOS()) return true;
  return maySellWith(await paymentProvider());
}

/**
 * Whether a paid question (付费提问) may be sold here. Questions are paid
 * with WeChat Pay only: each teacher sets any price, so they have no xpay
 * product, and iOS may not sell them whatever the provider.
 */
export function canSellQuestionsHere(): boolean {
  return !isIOS();
}
