import { randomBytes } from 'node:crypto';
import { cloud } from '../platform/cloud';
import { fail } from '../platform/errors';
import { fromBeijingCompact, fromBeijingReadable, toBeijingCompact } from '../platform/time';
import type { CloudPayApi, CloudPayResultBase, QueryRefundResult } from './cloudpay-api';
import type { PayState, PaymentProvider, RefundState } from './provider';

/** The function WeChat Pay notifies after a successful payment. */
export const PAY_CALLBACK_FUNCTION = 'payCallback';
/** The function WeChat Pay notifies once a refund is done. */
export const REFUND_CALLBACK_FUNCTION = 'refundCallback';

const cloudPay = (): CloudPayApi => (cloud as unknown as { cloudPay: CloudPayApi }).cloudPay;
const nonce = () => randomBytes(16).toString('hex');

const succeeded = (r: CloudPayResultBase) => r.returnCode === 'SUCCESS' && r.resultCode === 'SUCCESS';

function describeFailure(r: CloudPayResultBase): string {
  return [r.returnCode, r.resultCode, r.returnMsg, r.errCodeDes].filter(Boolean).join(' ') || 'unknown';
}

const REFUND_STATES: Record<string, RefundState['state']> = {
  SUCCESS: 'succeeded',
  PROCESSING: 'processing',
  REFUNDCLOSE: 'failed',
  CHANGE: 'failed',
};

/** WeChat's `refund_status_0` after the SDK's camel-casing: `refundStatus_0` or `refundStatus0`. */
function firstOf(result: QueryRefundResult, name: string): unknown {
  const fields = result as unknown as Record<string, unknown>;
  return fields[`${name}_0`] ?? fields[`${name}0`];
}

const TRADE_STATES: Record<string, PayState['state']> = {
  SUCCESS: 'paid',
  REFUND: 'refunded',
  NOTPAY: 'unpaid',
  USERPAYING: 'unpaid',
  CLOSED: 'closed',
  REVOKED: 'closed',
  PAYERROR: 'failed',
};

export function cloudPayProvider(merchant: { subMchId: string; envId: string }): PaymentProvider {
  return {
    name: 'cloudpay',

    async createPayment(request) {
      const result = await cloudPay().unifiedOrder({
        body: request.description.slice(0, 40),
        outTradeNo: request.outTradeNo,
        totalFee: request.amountFen,
        // cloudPay fills in the real caller; WeChat requires the field
        spbillCreateIp: '127.0.0.1',
        subMchId: merchant.subMchId,
        envId: merchant.envId,
        functionName: PAY_CALLBACK_FUNCTION,
        nonceStr: nonce(),
        tradeType: 'JSAPI',
        timeExpire: toBeijingCompact(request.expiresAt),
      });
      if (!succeeded(result) || !result.payment) {
        console.error('cloudPay.unifiedOrder refused', request.outTradeNo, describeFailure(result));
        return fail('PAYMENT_FAILED', '发起支付失败，请稍后重试');
      }
      return result.payment;
    },

    async queryPayment({ outTradeNo }) {
      const result = await cloudPay().queryOrder({ subMchId: merchant.subMchId, outTradeNo, nonceStr: nonce() });
      if (result.returnCode !== 'SUCCESS') throw new Error(`cloudPay.queryOrder failed: ${describeFailure(result)}`);
      const tradeState = result.resultCode === 'SUCCESS' ? (result.tradeState ?? '') : 'ORDERNOTEXIST';
      return {
        state: TRADE_STATES[tradeState] ?? 'unpaid',
        amountFen: typeof result.totalFee === 'number' ? result.totalFee : null,
        transactionId: result.transactionId ?? null,
        paidAt: fromBeijingCompact(result.timeEnd),
        detail: tradeState,
      };
    },

    async closePayment({ outTradeNo }) {
      const result = await cloudPay().closeOrder({ subMchId: merchant.subMchId, outTradeNo, nonceStr: nonce() });
      if (result.returnCode !== 'SUCCESS') throw new Error(`cloudPay.closeOrder failed: ${describeFailure(result)}`);
      // resultCode FAIL: already closed, never seen by WeChat Pay, or paid meanwhile. The
      // caller queried first; a payment that lands anyway is honoured by payCallback.
      if (!succeeded(result)) console.warn('cloudPay.closeOrder', outTradeNo, describeFailure(result));
    },

    async refund(request) {
      const result = await cloudPay().refund({
        outTradeNo: request.outTradeNo,
        outRefundNo: request.outRefundNo,
        totalFee: request.amountFen,
        refundFee: request.refundFen,
        subMchId: merchant.subMchId,
        envId: merchant.envId,
        functionName: REFUND_CALLBACK_FUNCTION,
        nonceStr: nonce(),
        refundDesc: request.reason.slice(0, 80),
      });
      if (succeeded(result)) return { accepted: true, detail: result.refundId ?? 'OK' };
      console.error('cloudPay.refund refused', request.outRefundNo, describeFailure(result));
      return { accepted: false, detail: describeFailure(result) };
    },

    async queryRefund(outRefundNo) {
      const result = await cloudPay().queryRefund({ subMchId: merchant.subMchId, outRefundNo, nonceStr: nonce() });
      if (result.returnCode !== 'SUCCESS') throw new Error(`cloudPay.queryRefund failed: ${describeFailure(result)}`);
      if (result.resultCode !== 'SUCCESS') return { state: 'unknown', outTradeNo: null, refundFen: null, refundedAt: null, detail: describeFailure(result) };
      // we ask by outRefundNo, so the answer holds that one refund, as its `_0` fields
      const first = (name: string): unknown => firstOf(result, name);
      const status = String(first('refundStatus') ?? '');
      const refundFee = first('refundFee');
      return {
        state: REFUND_STATES[status] ?? 'unknown',
        outTradeNo: typeof result.outTradeNo === 'string' ? result.outTradeNo : null,
        refundFen: typeof refundFee === 'number' ? refundFee : null,
        refundedAt: fromBeijingReadable(String(first('refundSuccessTime') ?? '')),
        detail: status || 'UNKNOWN',
      };
    },
  };
}
