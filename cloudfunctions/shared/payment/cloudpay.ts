import { randomBytes } from 'node:crypto';
import { cloud } from '../cloud';
import { fail } from '../errors';
import { fromBeijingCompact, toBeijingCompact } from '../time';
import type { CloudPayApi, CloudPayResultBase } from './cloudpay-api';
import type { PayState, PaymentProvider } from './provider';

/** The function WeChat Pay notifies after a successful payment. */
export const PAY_CALLBACK_FUNCTION = 'payCallback';

const cloudPay = (): CloudPayApi => (cloud as unknown as { cloudPay: CloudPayApi }).cloudPay;
const nonce = () => randomBytes(16).toString('hex');

const succeeded = (r: CloudPayResultBase) => r.returnCode === 'SUCCESS' && r.resultCode === 'SUCCESS';

function describeFailure(r: CloudPayResultBase): string {
  return [r.returnCode, r.resultCode, r.returnMsg, r.errCodeDes].filter(Boolean).join(' ') || 'unknown';
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
    method: 'wechatpay',

    async createPayment(request) {
      const result = await cloudPay().unifiedOrder({
        body: request.description.slice(0, 40),
        outTradeNo: request.outTradeNo,
        totalFee: request.totalFee,
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

    async queryPayment(outTradeNo) {
      const result = await cloudPay().queryOrder({ subMchId: merchant.subMchId, outTradeNo, nonceStr: nonce() });
      if (result.returnCode !== 'SUCCESS') throw new Error(`cloudPay.queryOrder failed: ${describeFailure(result)}`);
      const tradeState = result.resultCode === 'SUCCESS' ? (result.tradeState ?? '') : 'ORDERNOTEXIST';
      return {
        state: TRADE_STATES[tradeState] ?? 'unpaid',
        totalFee: typeof result.totalFee === 'number' ? result.totalFee : null,
        transactionId: result.transactionId ?? null,
        paidAt: fromBeijingCompact(result.timeEnd),
        detail: tradeState,
      };
    },

    async closePayment(outTradeNo) {
      const result = await cloudPay().closeOrder({ subMchId: merchant.subMchId, outTradeNo, nonceStr: nonce() });
      if (result.returnCode !== 'SUCCESS') throw new Error(`cloudPay.closeOrder failed: ${describeFailure(result)}`);
      // resultCode FAIL: already closed, never seen by WeChat Pay, or paid meanwhile. The
      // caller queried first; a payment that lands anyway is honoured by payCallback.
      if (!succeeded(result)) console.warn('cloudPay.closeOrder', outTradeNo, describeFailure(result));
    },
  };
}
