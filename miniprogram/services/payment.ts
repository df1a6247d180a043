/**
 * wx.requestPayment and wx.requestVirtualPayment, promised, and what their
 * failures mean. The page never treats their success as a purchase: only
 * getOrder's status says paid.
 */
import type { ResponseOf } from '../../typings/api';
import type { PaymentParams } from '../../typings/entities';

/** The learner closed the sheet: the unpaid order stays, and paying again reuses it. */
export const CANCELLED_MESSAGE = '你已取消支付，订单已为你保留，可随时继续支付';
/** Any other failure to pay. */
export const FAILED_MESSAGE = '支付未完成，请稍后重试';

export type PaymentOutcome = 'completed' | 'cancelled' | 'failed';

type SignType = WechatMiniprogram.RequestPaymentOption['signType'];

export async function requestPayment(payment: PaymentParams): Promise<{ outcome: PaymentOutcome; detail: string }> {
  try {
    await wx.requestPayment({ ...payment, signType: payment.signType as SignType });
    return { outcome: 'completed', detail: '' };
  } catch (error) {
    const errMsg = String((error as { errMsg?: unknown } | null)?.errMsg ?? error);
    // "requestPayment:fail cancel" is the learner closing the sheet, not an error.
    if (/cancel/i.test(errMsg)) return { outcome: 'cancelled', detail: errMsg };
    console.warn('[payment] requestPayment failed', errMsg);
    return { outcome: 'failed', detail: errMsg };
  }
}

export type VirtualPaymentOutcome = { outcome: 'paid' } | { outcome: 'cancelled'; message: string } | { outcome: 'failed'; code: number | null; message: string };

/** What requestVirtualPayment's errCodes mean to the learner (WeChat's documented codes). */
const VIRTUAL_PAYMENT_ERRORS: Record<number, string> = {
  [-2]: CANCELLED_MESSAGE,
  // risk control: WeChat refused this payment for now
  [-4]: '支付受限（风控），请稍后再试',
  // paySig (AppKey) or signature (session key) did not verify: a configuration error, not the learner's
  [-15005]: '支付签名校验失败，请联系客服',
  [-15006]: '支付签名校验失败，请联系客服',
};

/** 小程序虚拟支付: the sheet for virtualPay's signed parameters. Never throws. */
export function requestVirtualPayment(params: Omit<ResponseOf<'virtualPay'>, 'orderId'>): Promise<VirtualPaymentOutcome> {
  return new Promise((resolve) => {
    // base library 2.19.2+; an older WeChat cannot pay this way at all
    if (typeof wx.requestVirtualPayment !== 'function') {
      resolve({ outcome: 'failed', code: null, message: '当前微信版本不支持该支付方式，请升级微信后重试' });
      return;
    }
    wx.requestVirtualPayment({
      mode: params.mode,
      // WeChat takes signData as the JSON text paySig and signature were computed over (its typings say an object)
      signData: params.signData as unknown as WechatMiniprogram.SignData,
      paySig: params.paySig,
      signature: params.signature,
      success: () => resolve({ outcome: 'paid' }),
      fail: (error) => {
        const code = typeof error?.errCode === 'number' ? error.errCode : null;
        if (code === -2) {
          resolve({ outcome: 'cancelled', message: CANCELLED_MESSAGE });
          return;
        }
        console.warn('[payment] requestVirtualPayment failed', code, error?.errMsg);
        resolve({ outcome: 'failed', code, message: (code !== null && VIRTUAL_PAYMENT_ERRORS[code]) || FAILED_MESSAGE });
      },
    });
  });
}

/**
 * Asks the learner whether WeChat may send them these subscribe messages
 * (订阅消息, e.g. "购买成功") before paying. It must run in a tap's handling,
 * as the pay tap is. Whatever the learner answers, or if WeChat refuses to
 * ask, paying goes on: it never throws.
 */
export async function requestSubscription(tmplIds: readonly string[]): Promise<void> {
  if (tmplIds.length === 0) return;
  try {
    await wx.requestSubscribeMessage({ tmplIds: [...tmplIds] });
  } catch (error) {
    console.warn('[payment] requestSubscribeMessage failed', String((error as { errMsg?: unknown } | null)?.errMsg ?? error));
  }
}

const TEMPLATE_IDS_KEY = 'subscribeTemplateIds';

/**
 * The template ids the last unifiedPay handed out, kept on the phone: WeChat
 * shows the subscribe dialog only while a tap is fresh, so the next pay tap
 * asks first, before any cloud call. (A first purchase can only ask after
 * unifiedPay, which WeChat may refuse: paying goes on either way.)
 */
export function rememberedTemplateIds(): string[] {
  try {
    const ids: unknown = wx.getStorageSync(TEMPLATE_IDS_KEY);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberTemplateIds(ids: readonly string[]): void {
  try {
    wx.setStorageSync(TEMPLATE_IDS_KEY, [...ids]);
  } catch (error) {
    console.warn('[payment] template ids not kept', error);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
