/**
 * How learners pay, behind one interface: WeChat Pay through cloudPay today,
 * mini-program virtual payment (wx.requestVirtualPayment) later, chosen by the
 * `provider` in settings/payment.
 */
import type { PaymentParams } from '../../../typings/entities';
import { callerContext } from '../cloud';
import { fail } from '../errors';
import { paymentSettings } from '../settings';
import { cloudPayProvider } from './cloudpay';

export interface PayRequest {
  outTradeNo: string;
  /** integer fen, from our order */
  totalFee: number;
  /** what the learner sees on the payment sheet */
  description: string;
  expiresAt: Date;
}

/** What the payment system says of a pay order, whatever a notification claimed. */
export interface PayState {
  state: 'paid' | 'unpaid' | 'closed' | 'refunded' | 'failed';
  /** integer fen actually paid, when paid */
  totalFee: number | null;
  transactionId: string | null;
  paidAt: Date | null;
  /** the provider's own word for the state, for records */
  detail: string;
}

export interface PaymentProvider {
  readonly method: 'wechatpay' | 'virtual';
  createPayment(request: PayRequest): Promise<PaymentParams>;
  queryPayment(outTradeNo: string): Promise<PayState>;
  closePayment(outTradeNo: string): Promise<void>;
}

export async function paymentProvider(): Promise<PaymentProvider> {
  const settings = await paymentSettings();
  if (settings.provider === 'virtual') return fail('PAYMENT_FAILED', '虚拟支付尚未开通');
  return cloudPayProvider({ subMchId: settings.subMchId, envId: callerContext().env });
}
