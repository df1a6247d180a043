/**
 * WeChat Pay (v2 API, as cloudPay relays it): unifiedOrder, queryOrder,
 * closeOrder, refund, queryRefund answered from each order's state, in the
 * snake_case fields WeChat Pay uses (the SDK turns them to camelCase), plus
 * the learner's side: paying or dismissing the payment sheet.
 */
import { createHash } from 'node:crypto';
import { EmulatorError } from '../errors';
import type { Notifier } from './notifications';
import { randomHex, type Delivery, type PayBook, type PayOrder, type PayRefund } from './orders';
import { fromBeijingCompact, toBeijingCompact, toBeijingReadable } from '../../typings/beijing-time';

type Fields = Record<string, unknown>;

/** WeChat Pay's limits on the merchant's order number and attach */
const MAX_OUT_TRADE_NO = 32;
const MAX_ATTACH = 127;
const MAX_REFUNDS_PER_ORDER = 50;
/** the service provider's merchant id under which cloudPay's sub-merchants sit */
const PROVIDER_MCH_ID = '1800008281';

export interface WxPayOptions {
  book: PayBook;
  notifier: Notifier;
  appId: string;
  /** ms between a refund's acceptance and its completion; null: only when `completeRefund` is called */
  refundDelayMs?: number | null;
}

export interface SucceedOptions {
  /** fault injection: report this amount instead of the order's */
  totalFee?: number;
  /** fault injection: deliver the notification this many times at once */
  deliveries?: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export class WxPay {
  private readonly pendingRefunds = new Set<NodeJS.Timeout>();

  constructor(private readonly options: WxPayOptions) {}

  /** Answers one `wx.wxPayApi` call; `callerOpenid` is who the calling function runs as. */
  handle(apiName: string, data: Fields, callerOpenid: string): Fields {
    switch (apiName) {
      case 'unifiedOrder':
        return this.unifiedOrder(data, callerOpenid);
      case 'queryOrder':
        return this.queryOrder(data);
      case 'closeOrder':
        return this.closeOrder(data);
      case 'refund':
        return this.refund(data);
      case 'queryRefund':
        return this.queryRefund(data);
      default:
        throw new EmulatorError('INVALID_PARAM', `cloudPay.${apiName} is not emulated`);
    }
  }

  private envelope(data: Fields): Fields {
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid: this.options.appId,
      mch_id: PROVIDER_MCH_ID,
      sub_appid: this.options.appId,
      sub_mch_id: str(data.sub_mch_id),
      nonce_str: randomHex(8),
    };
  }

  private ok(data: Fields, fields: Fields): Fields {
    return { ...this.envelope(data), result_code: 'SUCCESS', ...fields };
  }

  private fail(data: Fields, errCode: string, description: string): Fields {
    return { ...this.envelope(data), result_code: 'FAIL', err_code: errCode, err_code_des: description };
  }

  /** A request WeChat Pay refuses before looking at it. */
  private missing(data: Fields, names: string[]): Fields | undefined {
    const absent = names.find((name) => data[name] === undefined || data[name] === '');
    if (!absent) return undefined;
    return { return_code: 'FAIL', return_msg: `缺少参数${absent}` };
  }

  private unifiedOrder(data: Fields, callerOpenid: string): Fields {
    const missing = this.missing(data, ['body', 'out_trade_no', 'total_fee', 'spbill_create_ip', 'sub_mch_id', 'env_id', 'function_name', 'nonce_str']);
    if (missing) return missing;
    const outTradeNo = str(data.out_trade_no);
    const totalFee = data.total_fee;
    if (typeof totalFee !== 'number' || !Number.isInteger(totalFee) || totalFee < 1) return this.fail(data, 'PARAM_ERROR', 'total_fee 必须是不小于 1 的整数（分）');
    if (outTradeNo.length > MAX_OUT_TRADE_NO) return this.fail(data, 'PARAM_ERROR', `out_trade_no 长度不能超过${MAX_OUT_TRADE_NO}`);
    const attach = data.attach === undefined ? undefined : str(data.attach);
    if (attach !== undefined && attach.length > MAX_ATTACH) return this.fail(data, 'PARAM_ERROR', `attach 长度不能超过${MAX_ATTACH}`);
    const timeExpire = data.time_expire === undefined ? undefined : str(data.time_expire);
    if (timeExpire !== undefined && !fromBeijingCompact(timeExpire)) return this.fail(data, 'PARAM_ERROR', 'time_expire 格式错误');
    const openid = str(data.sub_openid) || str(data.openid) || callerOpenid;
    if (!openid) return this.fail(data, 'PARAM_ERROR', 'JSAPI 支付必须传 openid');

    const existing = this.options.book.orders.get(outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return this.fail(data, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return this.fail(data, 'ORDERCLOSED', '该订单已关闭');
      if (existing.totalFee !== totalFee || existing.body !== str(data.body) || existing.openid !== openid) {
        return this.fail(data, 'INVALID_REQUEST', '201 商户订单号重复');
      }
      return this.ok(data, this.prepayFields(existing));
    }
    const now = new Date();
    const order: PayOrder = {
      outTradeNo,
      body: str(data.body),
      attach,
      totalFee,
      subMchId: str(data.sub_mch_id),
      openid,
      functionName: str(data.function_name),
      envId: str(data.env_id),
      tradeType: str(data.trade_type) || 'JSAPI',
      spbillCreateIp: str(data.spbill_create_ip),
      timeExpire,
      prepayId: `wx${toBeijingCompact(now)}${randomHex(8)}`,
      state: 'NOTPAY',
      transactionId: '',
      createdAt: now.toISOString(),
      cancelled: 0,
      refunds: [],
    };
    this.options.book.orders.set(outTradeNo, order);
    void this.options.book.save();
    return this.ok(data, this.prepayFields(order));
  }

  /** What `wx.requestPayment` takes, signed the way a v2 JSAPI payment is (with a local key). */
  private prepayFields(order: PayOrder): Fields {
    const payment = {
      appId: this.options.appId,
      timeStamp: String(Math.floor(Date.now() / 1000)),
      nonceStr: randomHex(8),
      package: `prepay_id=${order.prepayId}`,
      signType: 'MD5',
    };
    const signed = Object.entries(payment)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const paySign = createHash('md5').update(`${signed}&key=emulator-local-key`).digest('hex').toUpperCase();
    return { trade_type: order.tradeType, prepay_id: order.prepayId, payment: { ...payment, paySign } };
  }

  private orderOf(data: Fields): PayOrder | undefined {
    const outTradeNo = str(data.out_trade_no);
    if (outTradeNo) return this.options.book.orders.get(outTradeNo);
    const transactionId = str(data.transaction_id);
    return [...this.options.book.orders.values()].find((o) => transactionId && o.transactionId === transactionId);
  }

  private queryOrder(data: Fields): Fields {
    if (!data.out_trade_no && !data.transaction_id) return { return_code: 'FAIL', return_msg: '缺少参数out_trade_no' };
    const order = this.orderOf(data);
    if (!order) return this.fail(data, 'ORDERNOTEXIST', '此交易订单号不存在');
    const paid = order.state === 'SUCCESS' || order.state === 'REFUND';
    const fee = order.paidFee ?? order.totalFee;
    return this.ok(data, {
      out_trade_no: order.outTradeNo,
      trade_state: order.state,
      trade_state_desc: TRADE_STATE_DESC[order.state],
      total_fee: fee,
      fee_type: 'CNY',
      transaction_id: order.transactionId,
      openid: order.openid,
      sub_openid: order.openid,
      trade_type: order.tradeType,
      ...(order.attach === undefined ? {} : { attach: order.attach }),
      ...(paid ? { cash_fee: fee, time_end: order.timeEnd, bank_type: 'OTHERS', is_subscribe: 'N' } : {}),
    });
  }

  private closeOrder(data: Fields): Fields {
    const missing = this.missing(data, ['out_trade_no']);
    if (missing) return missing;
    const order = this.orderOf(data);
    if (!order) return this.fail(data, 'ORDERNOTEXIST', '此交易订单号不存在');
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return this.fail(data, 'ORDERPAID', '订单已支付，不能发起关单');
    if (order.state === 'CLOSED') return this.fail(data, 'ORDERCLOSED', '订单已关闭，无法重复关闭');
    order.state = 'CLOSED';
    void this.options.book.save();
    return this.ok(data, {});
  }

  private refund(data: Fields): Fields {
    const missing = this.missing(data, ['out_refund_no', 'total_fee', 'refund_fee', 'sub_mch_id', 'nonce_str']);
    if (missing) return missing;
    if (!data.out_trade_no && !data.transaction_id) return { return_code: 'FAIL', return_msg: '缺少参数out_trade_no' };
    const order = this.orderOf(data);
    if (!order) return this.fail(data, 'ORDERNOTEXIST', '订单不存在');
    const outRefundNo = str(data.out_refund_no);
    const refundFee = data.refund_fee;
    const totalFee = data.total_fee;
    const existing = order.refunds.find((r) => r.outRefundNo === outRefundNo);
    if (existing) {
      // The same refund asked again, as WeChat tells merchants to retry: the same answer.
      if (existing.refundFee !== refundFee || existing.totalFee !== totalFee) return this.fail(data, 'INVALID_REQUEST', '同一笔退款单号退款金额不一致');
      return this.ok(data, this.refundFields(order, existing));
    }
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return this.fail(data, 'TRADE_STATE_ERROR', '订单状态错误');
    if (totalFee !== order.totalFee) return this.fail(data, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试');
    if (typeof refundFee !== 'number' || !Number.isInteger(refundFee) || refundFee < 1) return this.fail(data, 'PARAM_ERROR', 'refund_fee 必须是不小于 1 的整数（分）');
    if (refundFee > order.totalFee - this.options.book.refundedFee(order)) return this.fail(data, 'INVALID_REQUEST', '退款金额大于支付金额');
    if (order.refunds.length >= MAX_REFUNDS_PER_ORDER) return this.fail(data, 'INVALID_REQUEST', '订单已经超过可退款的最大次数');
    const refund: PayRefund = {
      outRefundNo,
      refundId: `50${Date.now()}${randomHex(4)}`,
      refundFee,
      totalFee,
      functionName: str(data.function_name),
      envId: str(data.env_id),
      status: 'PROCESSING',
      createdAt: new Date().toISOString(),
    };
    order.refunds.push(refund);
    void this.options.book.save();
    this.scheduleRefund(order, refund);
    return this.ok(data, this.refundFields(order, refund));
  }

  /** The money moves after the answer, as in WeChat Pay: then the refund notification. */
  private scheduleRefund(order: PayOrder, refund: PayRefund): void {
    if (this.options.refundDelayMs === null) return;
    const timer = setTimeout(() => {
      this.pendingRefunds.delete(timer);
      if (refund.status === 'PROCESSING') void this.completeRefund(order, refund);
    }, this.options.refundDelayMs ?? 0);
    this.pendingRefunds.add(timer);
  }

  private refundFields(order: PayOrder, refund: PayRefund): Fields {
    return {
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_fee: refund.refundFee,
      total_fee: refund.totalFee,
      cash_fee: order.paidFee ?? order.totalFee,
      cash_refund_fee: refund.refundFee,
    };
  }

  /**
   * The refund's money moves now, if it has not yet, and its notification goes
   * out `deliveries` times at once (fault injection: WeChat Pay may repeat
   * it). For a refund already done, the notification is delivered again.
   */
  refundNow(outRefundNo: string, options: { deliveries?: number } = {}): { refund: PayRefund; deliveries: Promise<Delivery[]> } {
    const found = this.options.book.findRefund(outRefundNo);
    if (!found) throw new EmulatorError('REFUNDNOTEXIST', `no refund ${outRefundNo}`);
    return { refund: found.refund, deliveries: this.completeRefund(found.order, found.refund, options.deliveries) };
  }

  private completeRefund(order: PayOrder, refund: PayRefund, deliveries = 1): Promise<Delivery[]> {
    if (refund.status !== 'SUCCESS') {
      refund.status = 'SUCCESS';
      refund.successTime = toBeijingReadable(new Date());
      order.state = 'REFUND';
      void this.options.book.save();
    }
    if (!refund.functionName) return Promise.resolve([]);
    const count = Math.max(1, Math.floor(deliveries));
    return Promise.all(Array.from({ length: count }, () => this.deliverRefund(order, refund)));
  }

  private deliverRefund(order: PayOrder, refund: PayRefund): Promise<Delivery> {
    return this.options.notifier.deliver(
      {
        kind: 'refund',
        outTradeNo: order.outTradeNo,
        outRefundNo: refund.outRefundNo,
        functionName: refund.functionName,
        event: {
          returnCode: 'SUCCESS',
          appid: this.options.appId,
          mchId: PROVIDER_MCH_ID,
          subAppid: this.options.appId,
          subMchId: order.subMchId,
          nonceStr: randomHex(8),
          transactionId: order.transactionId,
          outTradeNo: order.outTradeNo,
          refundId: refund.refundId,
          outRefundNo: refund.outRefundNo,
          totalFee: refund.totalFee,
          settlementTotalFee: refund.totalFee,
          refundFee: refund.refundFee,
          settlementRefundFee: refund.refundFee,
          refundStatus: 'SUCCESS',
          successTime: refund.successTime,
          refundRecvAccout: '支付用户的零钱',
          refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS',
          refundRequestSource: 'API',
        },
      },
      order.openid,
    );
  }

  private queryRefund(data: Fields): Fields {
    const outRefundNo = str(data.out_refund_no);
    const refundId = str(data.refund_id);
    let order: PayOrder | undefined;
    let refunds: PayRefund[] = [];
    if (outRefundNo || refundId) {
      for (const candidate of this.options.book.orders.values()) {
        const found = candidate.refunds.find((r) => (outRefundNo && r.outRefundNo === outRefundNo) || (refundId && r.refundId === refundId));
        if (found) {
          order = candidate;
          refunds = [found];
        }
      }
    } else if (data.out_trade_no || data.transaction_id) {
      order = this.orderOf(data);
      refunds = order?.refunds ?? [];
    } else {
      return { return_code: 'FAIL', return_msg: '缺少参数out_refund_no' };
    }
    if (!order || refunds.length === 0) return this.fail(data, 'REFUNDNOTEXIST', '退款订单查询失败');
    const fields: Fields = {
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      total_fee: order.totalFee,
      cash_fee: order.paidFee ?? order.totalFee,
      refund_count: refunds.length,
    };
    refunds.forEach((r, i) => {
      fields[`out_refund_no_${i}`] = r.outRefundNo;
      fields[`refund_id_${i}`] = r.refundId;
      fields[`refund_fee_${i}`] = r.refundFee;
      fields[`refund_status_${i}`] = r.status;
      fields[`refund_recv_accout_${i}`] = '支付用户的零钱';
      if (r.successTime) fields[`refund_success_time_${i}`] = r.successTime;
    });
    return this.ok(data, fields);
  }

  /** The learner pays in the payment sheet: the order is paid and the notification goes out. */
  succeed(outTradeNo: string, options: SucceedOptions = {}): { order: PayOrder; deliveries: Promise<Delivery[]> } {
    const order = this.options.book.orders.get(outTradeNo);
    if (!order) throw new EmulatorError('ORDERNOTEXIST', `no pay order ${outTradeNo}`);
    if (order.state !== 'NOTPAY') throw new EmulatorError('ORDER_NOT_PAYABLE', `pay order ${outTradeNo} is ${order.state}`);
    const expiry = fromBeijingCompact(order.timeExpire);
    if (expiry && expiry.getTime() < Date.now()) throw new EmulatorError('ORDER_EXPIRED', `pay order ${outTradeNo} expired at ${order.timeExpire}`);
    const paidFee = options.totalFee ?? order.totalFee;
    if (!Number.isInteger(paidFee) || paidFee < 0) throw new EmulatorError('INVALID_PARAM', 'totalFee must be an integer');
    const now = new Date();
    order.state = 'SUCCESS';
    order.paidFee = paidFee;
    order.timeEnd = toBeijingCompact(now);
    order.transactionId = `4200${toBeijingCompact(now)}${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
    void this.options.book.save();
    const count = Math.max(1, Math.floor(options.deliveries ?? 1));
    const deliveries = Promise.all(Array.from({ length: count }, () => this.deliverPayment(order)));
    return { order, deliveries };
  }

  private deliverPayment(order: PayOrder): Promise<Delivery> {
    const paidFee = order.paidFee ?? order.totalFee;
    const event = {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      appid: this.options.appId,
      mchId: PROVIDER_MCH_ID,
      subAppid: this.options.appId,
      subMchId: order.subMchId,
      nonceStr: randomHex(8),
      openid: order.openid,
      subOpenid: order.openid,
      isSubscribe: 'N',
      subIsSubscribe: 'N',
      tradeType: order.tradeType,
      bankType: 'OTHERS',
      totalFee: paidFee,
      cashFee: paidFee,
      feeType: 'CNY',
      transactionId: order.transactionId,
      outTradeNo: order.outTradeNo,
      timeEnd: order.timeEnd,
      ...(order.attach === undefined ? {} : { attach: order.attach }),
    };
    return this.options.notifier.deliver({ kind: 'payment', outTradeNo: order.outTradeNo, functionName: order.functionName, event }, order.openid);
  }

  /**
   * After a restart on a kept data folder: notifications still pending go on
   * (Notifier.resume), and what the last run did not get to starts now: the
   * notification of a paid order or a completed refund that has none (a stop
   * between the state and its delivery being written), and refunds still
   * processing complete after refundDelayMs as usual.
   */
  resume(): void {
    const { book, notifier } = this.options;
    notifier.resume();
    const notified = (kind: Delivery['kind'], outTradeNo: string, outRefundNo?: string) =>
      book.deliveries.some((d) => d.kind === kind && d.outTradeNo === outTradeNo && (outRefundNo === undefined || d.outRefundNo === outRefundNo));
    for (const order of book.orders.values()) {
      if ((order.state === 'SUCCESS' || order.state === 'REFUND') && order.functionName && !notified('payment', order.outTradeNo)) {
        void this.deliverPayment(order);
      }
      for (const refund of order.refunds) {
        if (refund.status === 'PROCESSING') this.scheduleRefund(order, refund);
        else if (refund.functionName && !notified('refund', order.outTradeNo, refund.outRefundNo)) void this.deliverRefund(order, refund);
      }
    }
  }

  /** The learner dismisses the payment sheet: WeChat Pay keeps the order unpaid and says nothing. */
  cancel(outTradeNo: string): PayOrder {
    const order = this.options.book.orders.get(outTradeNo);
    if (!order) throw new EmulatorError('ORDERNOTEXIST', `no pay order ${outTradeNo}`);
    if (order.state !== 'NOTPAY') throw new EmulatorError('ORDER_NOT_PAYABLE', `pay order ${outTradeNo} is ${order.state}`);
    order.cancelled += 1;
    void this.options.book.save();
    return order;
  }

  close(): void {
    for (const timer of this.pendingRefunds) clearTimeout(timer);
    this.pendingRefunds.clear();
  }
}

const TRADE_STATE_DESC: Record<PayOrder['state'], string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
  PAYERROR: '支付失败',
  USERPAYING: '用户支付中',
};
