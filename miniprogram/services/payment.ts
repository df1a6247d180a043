/**
 * wx.requestPayment, promised, and what its failures mean. The page never
 * treats its success as a purchase: only getOrder's status says paid.
 */
import type { PaymentParams } from '../../typings/entities';

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
