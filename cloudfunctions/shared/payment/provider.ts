/**
 * How learners pay, behind one interface: WeChat Pay through cloudPay today,
 * mini-program virtual payment (wx.requestVirtualPayment) later, chosen by the
 * `provider` in settings/payment (choose-provider.ts). Providers import this
 * file; nothing here imports a provider.
 */
import type { PaymentProviderName } from '../../../database-schema/common';
import type { PaymentParams } from '../../../typings/entities';

export interface PayRequest {
  outTradeNo: string;
  /** integer fen, from our order */
  amountFen: number;
  /** what the learner sees on the payment sheet */
  description: string;
  expiresAt: Date;
}

/** What the payment system says of a pay order, whatever a notification claimed. */
export interface PayState {
  state: 'paid' | 'unpaid' | 'closed' | 'refunded' | 'failed';
  /** integer fen actually paid, when paid */
  amountFen: number | null;
  transactionId: string | null;
  paidAt: Date | null;
  /** the provider's own word for the state, for records */
  detail: string;
}

/** A full or partial refund of one paid order; `outRefundNo` makes a retry the same refund. */
export interface RefundRequest {
  outTradeNo: string;
  outRefundNo: string;
  /** integer fen: the order's total, and what to give back */
  amountFen: number;
  refundFen: number;
  reason: string;
}

/** Whether the payment system took the refund request; the money moves later. */
export interface RefundAccepted {
  accepted: boolean;
  detail: string;
}

/** What the payment system says of a refund, whatever a notification claimed. */
export interface RefundState {
  state: 'succeeded' | 'processing' | 'failed' | 'unknown';
  outTradeNo: string | null;
  /** integer fen refunded (or being refunded) */
  refundFen: number | null;
  refundedAt: Date | null;
  detail: string;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  createPayment(request: PayRequest): Promise<PaymentParams>;
  queryPayment(outTradeNo: string): Promise<PayState>;
  closePayment(outTradeNo: string): Promise<void>;
  refund(request: RefundRequest): Promise<RefundAccepted>;
  queryRefund(outRefundNo: string): Promise<RefundState>;
}
