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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
