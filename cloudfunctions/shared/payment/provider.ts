/**
 * How learners pay, behind one interface: WeChat Pay through cloudPay, or
 * mini-program virtual payment (wx.requestVirtualPayment, xpay.ts). A new
 * order's provider comes from settings/payment and the learner's platform;
 * from then on everything about the order goes through the provider it names
 * (choose-provider.ts). Providers import this file; nothing here imports a
 * provider.
 */
import type { PaymentProviderName } from '../../../database-schema/common';
import type { PaymentParams } from '../../../typings/entities';

/**
 * The pay order of one of our orders: its number, and whose it is. Virtual
 * payment asks by both; WeChat Pay by the number alone, so its own
 * notification, which names no buyer, can be checked without reading ours.
 */
export interface PaymentRef {
  outTradeNo: string;
  openid?: string;
}

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
  /** the product the payment system says was sold, when it names one (virtual payment) */
  productId?: string | null;
}

/** A full or partial refund of one paid order; `outRefundNo` makes a retry the same refund. */
export interface RefundRequest extends PaymentRef {
  openid: string;
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
  queryPayment(ref: PaymentRef): Promise<PayState>;
  closePayment(ref: PaymentRef): Promise<void>;
  refund(request: RefundRequest): Promise<RefundAccepted>;
  /** `order`: the refunded order, when the caller knows it (virtual payment needs it; WeChat Pay finds it by the number) */
  queryRefund(outRefundNo: string, order?: PaymentRef): Promise<RefundState>;
  /**
   * After a payment is settled (or found settled again): tells the payment
   * system the goods were delivered, where it wants to know (virtual payment's
   * notify_provide_goods); a failure is thrown, so the push comes again.
   */
  confirmDelivery?(ref: PaymentRef, pay: PayState): Promise<void>;
}
