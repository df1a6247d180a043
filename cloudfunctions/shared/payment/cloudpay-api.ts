/**
 * wx-server-sdk's `cloud.cloudPay`, which its index.d.ts does not declare.
 * Fields as in WeChat's CloudPay docs (camelCase; the SDK converts).
 */
export interface CloudPayResultBase {
  returnCode: string;
  returnMsg?: string;
  resultCode?: string;
  /** always 0: the SDK overwrites WeChat Pay's own err_code; read resultCode and errCodeDes */
  errCode?: number;
  errCodeDes?: string;
}

export interface UnifiedOrderRequest {
  body: string;
  outTradeNo: string;
  /** integer fen */
  totalFee: number;
  spbillCreateIp: string;
  subMchId: string;
  envId: string;
  functionName: string;
  nonceStr: string;
  tradeType?: 'JSAPI';
  attach?: string;
  /** yyyyMMddHHmmss, Beijing time */
  timeExpire?: string;
}

export interface UnifiedOrderResult extends CloudPayResultBase {
  payment?: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string };
}

export interface QueryOrderResult extends CloudPayResultBase {
  /** SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR */
  tradeState?: string;
  outTradeNo?: string;
  transactionId?: string;
  totalFee?: number;
  /** yyyyMMddHHmmss, Beijing time */
  timeEnd?: string;
  openid?: string;
  subOpenid?: string;
  attach?: string;
}

export interface RefundRequest {
  outTradeNo: string;
  outRefundNo: string;
  totalFee: number;
  refundFee: number;
  subMchId: string;
  envId: string;
  functionName: string;
  nonceStr: string;
  refundDesc?: string;
}

export interface RefundResult extends CloudPayResultBase {
  refundId?: string;
  outRefundNo?: string;
  refundFee?: number;
}

export interface QueryRefundResult extends CloudPayResultBase {
  outTradeNo?: string;
  refundCount?: number;
  /** refund status of the first refund: SUCCESS, REFUNDCLOSE, PROCESSING, CHANGE */
  refundStatus_0?: string;
  outRefundNo_0?: string;
  refundFee_0?: number;
  refundSuccessTime_0?: string;
}

export interface CloudPayApi {
  unifiedOrder(request: UnifiedOrderRequest): Promise<UnifiedOrderResult>;
  queryOrder(request: { subMchId: string; outTradeNo: string; nonceStr: string }): Promise<QueryOrderResult>;
  closeOrder(request: { subMchId: string; outTradeNo: string; nonceStr: string }): Promise<CloudPayResultBase>;
  refund(request: RefundRequest): Promise<RefundResult>;
  queryRefund(request: { subMchId: string; outRefundNo: string; nonceStr: string }): Promise<QueryRefundResult>;
}
