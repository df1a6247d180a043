/**
 * Virtual payment (小程序虚拟支付) as WeChat answers it: the access token and
 * code2Session, the signed server API (query_order, refund_order,
 * notify_provide_goods) in WeChat's snake_case JSON, and the learner's side:
 * wx.login's codes and the payment sheet's 确认支付, after which the delivery
 * push goes to the message-push function.
 */
import { randomBytes } from 'node:crypto';
import { toBeijingCompact } from '../../typings/beijing-time';
import { XPAY_PAID_STATUSES, type XpayBook, type XpayOrder, type XpayPush, type XpayRefund } from './book';
import { EMULATOR_ORIGINAL_ID } from './keys';
import type { Pusher } from './pushes';
import { clientPaySig, sameHex, serverPaySig, userSignature } from './sign';

type Fields = Record<string, unknown>;
/** WeChat's answers on the server API: errcode 0 and the fields, or errcode and why */
export type ApiAnswer = { errcode: number; errmsg: string } & Fields;
/** what wx.requestVirtualPayment's success or fail callback gets */
export interface PaySheetAnswer {
  errCode: number;
  errMsg: string;
  order?: XpayOrder;
}

/** WeChat's codes, as its documentation gives them */
export const WX_ERR = {
  INVALID_CREDENTIAL: 40001,
  INVALID_GRANT_TYPE: 40002,
  INVALID_APPID: 40013,
  INVALID_CODE: 40029,
  INVALID_APPSECRET: 40125,
  CODE_USED: 40163,
  ACCESS_TOKEN_MISSING: 41001,
  ACCESS_TOKEN_EXPIRED: 42001,
  DATA_FORMAT_ERROR: 47001,
  XPAY_OPENID: 268490001,
  /** 请求参数字段错误: the emulator answers it too for an order it does not know (the contract fixes no code for that: the functions read any errcode ≠ 0 as "no such paid order") */
  XPAY_PARAM: 268490002,
  XPAY_PAY_SIG: 268490003,
  XPAY_REPEATED: 268490004,
} as const;

/** what requestVirtualPayment's fail gives for each signature */
export const SHEET_ERR = { PAY_SIG: -15005, SIGNATURE: -15006, GENERIC: -1 } as const;

const CODE_TTL_MS = 5 * 60 * 1000;
const TOKEN_TTL_SECONDS = 7200;
const MAX_OUT_TRADE_NO = 32;

export interface XpayOptions {
  book: XpayBook;
  pusher: Pusher;
  appId: string;
  appSecret: string;
  appKey: string;
  /** the function 消息推送 invokes */
  messagePushFunction: string;
  /** ms between a refund's acceptance and its completion; null: only when refundNow is called */
  refundDelayMs?: number | null;
}

export interface PayOptions {
  /** fault injection: the push delivered this many times at once (default 1) */
  deliveries?: number;
  /** fault injection: the push is lost (never sent), as a reconciliation must make up for */
  lose?: boolean;
  /** fault injection: query_order and the push report this paid_fee */
  paidFee?: number;
  /** fault injection: query_order and the push report this product_id */
  productId?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const seconds = (ms = Date.now()) => Math.floor(ms / 1000);
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

export class Xpay {
  private readonly refundTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: XpayOptions) {}

  get book(): XpayBook {
    return this.options.book;
  }

  // ---- /cgi-bin/token and /sns/jscode2session -------------------------------

  private appCredentials(query: URLSearchParams): ApiAnswer | undefined {
    if (query.get('appid') !== this.options.appId) return { errcode: WX_ERR.INVALID_APPID, errmsg: 'invalid appid' };
    if (query.get('secret') !== this.options.appSecret) return { errcode: WX_ERR.INVALID_APPSECRET, errmsg: 'invalid appsecret' };
    return undefined;
  }

  accessToken(query: URLSearchParams): ApiAnswer | { access_token: string; expires_in: number } {
    if (query.get('grant_type') !== 'client_credential') return { errcode: WX_ERR.INVALID_GRANT_TYPE, errmsg: 'invalid grant_type' };
    const refused = this.appCredentials(query);
    if (refused) return refused;
    const token = randomBytes(48).toString('base64url');
    this.book.tokens.set(token, Date.now() + TOKEN_TTL_SECONDS * 1000);
    for (const [t, until] of this.book.tokens) if (until < Date.now()) this.book.tokens.delete(t);
    void this.book.save();
    return { access_token: token, expires_in: TOKEN_TTL_SECONDS };
  }

  code2Session(query: URLSearchParams): ApiAnswer | { openid: string; session_key: string } {
    if (query.get('grant_type') !== 'authorization_code') return { errcode: WX_ERR.INVALID_GRANT_TYPE, errmsg: 'invalid grant_type' };
    const refused = this.appCredentials(query);
    if (refused) return refused;
    const code = query.get('js_code') ?? '';
    const issued = this.book.codes.get(code);
    if (!issued || issued.expiresAt < Date.now()) return { errcode: WX_ERR.INVALID_CODE, errmsg: 'invalid code' };
    if (issued.openid === '') return { errcode: WX_ERR.CODE_USED, errmsg: 'code been used' };
    const { openid } = issued;
    // one-time: kept as used until it would have expired, so a replay says so
    this.book.codes.set(code, { openid: '', expiresAt: issued.expiresAt });
    void this.book.save();
    return { openid, session_key: this.sessionKeyOf(openid) };
  }

  /** The learner's session_key: made at their first login, the same after. */
  sessionKeyOf(openid: string): string {
    let key = this.book.sessionKeys.get(openid);
    if (!key) {
      key = randomBytes(16).toString('base64');
      this.book.sessionKeys.set(openid, key);
      void this.book.save();
    }
    return key;
  }

  /** wx.login in the preview: a code for this learner, good once for five minutes. */
  login(openid: string): { code: string } {
    this.sessionKeyOf(openid);
    const code = randomBytes(16).toString('hex');
    this.book.codes.set(code, { openid, expiresAt: Date.now() + CODE_TTL_MS });
    for (const [c, { expiresAt }] of this.book.codes) if (expiresAt < Date.now()) this.book.codes.delete(c);
    void this.book.save();
    return { code };
  }

  // ---- the signed server API ------------------------------------------------

  /** One POST to `/xpay/<name>?access_token=&pay_sig=`, its body exactly as sent. */
  serverApi(uri: string, query: URLSearchParams, body: string): ApiAnswer {
    const token = query.get('access_token');
    if (!token) return { errcode: WX_ERR.ACCESS_TOKEN_MISSING, errmsg: 'access_token missing' };
    const until = this.book.tokens.get(token);
    if (until === undefined) return { errcode: WX_ERR.INVALID_CREDENTIAL, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (until < Date.now()) return { errcode: WX_ERR.ACCESS_TOKEN_EXPIRED, errmsg: 'access_token expired' };
    if (!sameHex(serverPaySig(this.options.appKey, uri, body), query.get('pay_sig'))) {
      return { errcode: WX_ERR.XPAY_PAY_SIG, errmsg: '支付签名(pay_sig)校验失败' };
    }
    let data: Fields;
    try {
      const parsed: unknown = JSON.parse(body);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      data = parsed as Fields;
    } catch {
      return { errcode: WX_ERR.DATA_FORMAT_ERROR, errmsg: 'data format error' };
    }
    switch (uri) {
      case '/xpay/query_order':
        return this.queryOrder(data);
      case '/xpay/refund_order':
        return this.refundOrder(data);
      case '/xpay/notify_provide_goods':
        return this.notifyProvideGoods(data);
      default:
        return { errcode: WX_ERR.XPAY_PARAM, errmsg: `${uri} is not emulated` };
    }
  }

  private param(errmsg: string): ApiAnswer {
    return { errcode: WX_ERR.XPAY_PARAM, errmsg };
  }

  /** The order `order_id` (or `wx_order_id`) names in `env`. */
  private orderOf(data: Fields): XpayOrder | undefined {
    const orderId = str(data.order_id);
    const wxOrderId = str(data.wx_order_id);
    const order = orderId ? this.book.orders.get(orderId) : [...this.book.orders.values()].find((o) => wxOrderId && o.wxOrderId === wxOrderId);
    if (!order || Number(data.env ?? 0) !== order.env) return undefined;
    return order;
  }

  private queryOrder(data: Fields): ApiAnswer {
    if (!data.order_id && !data.wx_order_id) return this.param('order_id 和 wx_order_id 不能同时为空');
    const order = this.orderOf(data);
    if (!order) return this.param('订单不存在');
    if (str(data.openid) !== order.openid) return { errcode: WX_ERR.XPAY_OPENID, errmsg: 'openid错误' };
    return { errcode: 0, errmsg: 'ok', order: this.orderFields(order) };
  }

  private orderFields(order: XpayOrder): Fields {
    const refunded = order.refunds.filter((r) => r.state === 'succeeded').reduce((sum, r) => sum + r.refundFee, 0);
    return {
      order_id: order.orderId,
      status: order.status,
      biz_type: 0,
      order_fee: order.orderFee,
      coupon_fee: 0,
      paid_fee: order.paidFee,
      order_type: 0,
      refund_fee: refunded,
      paid_time: order.paidTime,
      provide_time: order.provideTime ?? 0,
      biz_meta: '',
      env_type: order.env,
      token: '',
      left_fee: order.paidFee - refunded,
      wx_order_id: order.wxOrderId,
      channel_order_id: order.wxOrderId,
      wxpay_order_id: order.wxpayOrderId,
      sett_time: 0,
      sett_state: 0,
      platform_fee_fen: 0,
      cps_fee_fen: 0,
      openid: order.openid,
      product_id: order.productId,
    };
  }

  private refundOrder(data: Fields): ApiAnswer {
    for (const name of ['openid', 'refund_order_id', 'left_fee', 'refund_fee', 'refund_reason', 'req_from']) {
      if (data[name] === undefined || data[name] === '') return this.param(`缺少参数${name}`);
    }
    if (!data.order_id && !data.wx_order_id) return this.param('order_id 和 wx_order_id 不能同时为空');
    const order = this.orderOf(data);
    if (!order) return this.param('订单不存在');
    if (str(data.openid) !== order.openid) return { errcode: WX_ERR.XPAY_OPENID, errmsg: 'openid错误' };
    const refundOrderId = str(data.refund_order_id);
    const refundFee = data.refund_fee;
    const existing = this.book.findRefund(refundOrderId);
    if (existing) {
      // the same refund asked again (a retry after a timeout): the same answer
      if (existing.order !== order || existing.refund.refundFee !== refundFee) return { errcode: WX_ERR.XPAY_REPEATED, errmsg: '重复操作' };
      return this.refundAnswer(order, existing.refund);
    }
    if (!XPAY_PAID_STATUSES.includes(order.status)) return this.param('订单状态不允许退款');
    if (!/^[0-5]$/.test(str(data.refund_reason))) return this.param('refund_reason 取值 0-5');
    if (typeof refundFee !== 'number' || !Number.isInteger(refundFee) || refundFee < 1) return this.param('refund_fee 必须是正整数（分）');
    const leftFee = order.paidFee - this.book.refundedFee(order);
    if (data.left_fee !== leftFee) return this.param('left_fee 与订单剩余金额不一致');
    if (refundFee > leftFee) return this.param('refund_fee 不能大于 left_fee');
    const refund: XpayRefund = {
      refundOrderId,
      wxRefundId: `RF${toBeijingCompact(new Date())}${digits(8)}`,
      refundFee,
      leftFeeBefore: leftFee,
      reason: str(data.refund_reason),
      from: str(data.req_from),
      state: 'processing',
      createdAt: new Date().toISOString(),
    };
    order.refunds.push(refund);
    void this.book.save();
    this.scheduleRefund(refund);
    return this.refundAnswer(order, refund);
  }

  private refundAnswer(order: XpayOrder, refund: XpayRefund): ApiAnswer {
    return { errcode: 0, errmsg: 'ok', refund_order_id: refund.refundOrderId, refund_wx_order_id: refund.wxRefundId, pay_order_id: order.orderId, pay_wx_order_id: order.wxOrderId };
  }

  private scheduleRefund(refund: XpayRefund): void {
    if (this.options.refundDelayMs === null) return;
    const timer = setTimeout(() => {
      this.refundTimers.delete(timer);
      if (refund.state === 'processing') void this.refundNow(refund.refundOrderId);
    }, this.options.refundDelayMs ?? 0);
    this.refundTimers.add(timer);
  }

  private notifyProvideGoods(data: Fields): ApiAnswer {
    if (!data.order_id && !data.wx_order_id) return this.param('order_id 和 wx_order_id 不能同时为空');
    const order = this.orderOf(data);
    if (!order) return this.param('订单不存在');
    if (order.status === 4) return { errcode: 0, errmsg: 'ok' };
    if (order.status !== 2 && order.status !== 3) return this.param('订单状态不允许发货');
    this.provided(order);
    return { errcode: 0, errmsg: 'ok' };
  }

  private provided(order: XpayOrder): void {
    if (order.status !== 2 && order.status !== 3) return;
    order.status = 4;
    order.provideTime = seconds();
    void this.book.save();
  }

  // ---- the learner's payment sheet ------------------------------------------

  /**
   * 确认支付 in the virtual payment sheet: the signatures checked as WeChat
   * checks them, the order paid at goodsPrice, the delivery pushed.
   */
  pay(input: { openid: string; signData: string; paySig: string; signature: string; mode?: string }, options: PayOptions = {}): { answer: PaySheetAnswer; pushes: Promise<XpayPush[]> } {
    const refuse = (errCode: number, why: string) => ({ answer: { errCode, errMsg: `requestVirtualPayment:fail ${why}` }, pushes: Promise.resolve([]) });
    if (!sameHex(clientPaySig(this.options.appKey, input.signData), input.paySig)) return refuse(SHEET_ERR.PAY_SIG, 'paySig 签名校验失败');
    const sessionKey = this.book.sessionKeys.get(input.openid);
    if (!sessionKey || !sameHex(userSignature(sessionKey, input.signData), input.signature)) return refuse(SHEET_ERR.SIGNATURE, 'signature 签名校验失败');
    if (input.mode !== undefined && input.mode !== 'short_series_goods') return refuse(SHEET_ERR.GENERIC, `mode ${input.mode} 不支持`);
    let sign: Fields;
    try {
      sign = JSON.parse(input.signData) as Fields;
    } catch {
      return refuse(SHEET_ERR.GENERIC, 'signData 不是 JSON');
    }
    const outTradeNo = str(sign.outTradeNo);
    const goodsPrice = sign.goodsPrice;
    if (!sign || typeof sign.offerId !== 'string' || !sign.offerId) return refuse(SHEET_ERR.GENERIC, 'offerId 不能为空');
    if (sign.buyQuantity !== 1) return refuse(SHEET_ERR.GENERIC, 'buyQuantity 必须为 1');
    if (sign.env !== 0 && sign.env !== 1) return refuse(SHEET_ERR.GENERIC, 'env 必须为 0 或 1');
    if (sign.currencyType !== 'CNY') return refuse(SHEET_ERR.GENERIC, 'currencyType 必须为 CNY');
    if (typeof sign.productId !== 'string' || !sign.productId) return refuse(SHEET_ERR.GENERIC, 'productId 不能为空');
    if (typeof goodsPrice !== 'number' || !Number.isInteger(goodsPrice) || goodsPrice < 1) return refuse(SHEET_ERR.GENERIC, 'goodsPrice 必须是正整数（分）');
    if (!outTradeNo || outTradeNo.length > MAX_OUT_TRADE_NO) return refuse(SHEET_ERR.GENERIC, `outTradeNo 长度须在 1-${MAX_OUT_TRADE_NO}`);
    if (this.book.orders.has(outTradeNo)) return refuse(SHEET_ERR.GENERIC, '该订单号已支付');
    const now = Date.now();
    const order: XpayOrder = {
      orderId: outTradeNo,
      openid: input.openid,
      env: sign.env,
      offerId: sign.offerId,
      productId: options.productId ?? sign.productId,
      orderFee: goodsPrice,
      paidFee: options.paidFee ?? goodsPrice,
      attach: str(sign.attach),
      status: 2,
      wxOrderId: `XP${toBeijingCompact(new Date(now))}${digits(10)}`,
      wxpayOrderId: `4200${toBeijingCompact(new Date(now))}${digits(10)}`,
      paidTime: seconds(now),
      createdAt: new Date(now).toISOString(),
      ...(options.lose ? { pushLost: true } : {}),
      refunds: [],
    };
    this.book.orders.set(order.orderId, order);
    void this.book.save();
    const count = options.lose ? 0 : Math.max(1, Math.floor(options.deliveries ?? 1));
    const pushes = Promise.all(Array.from({ length: count }, () => this.pushDelivery(order)));
    return { answer: { errCode: 0, errMsg: 'requestVirtualPayment:ok', order }, pushes };
  }

  private envelope(openid: string, event: string): Fields {
    return { ToUserName: EMULATOR_ORIGINAL_ID, FromUserName: openid, CreateTime: seconds(), MsgType: 'event', Event: event };
  }

  private pushDelivery(order: XpayOrder): Promise<XpayPush> {
    const event = {
      ...this.envelope(order.openid, 'xpay_goods_deliver_notify'),
      OpenId: order.openid,
      OutTradeNo: order.orderId,
      Env: order.env,
      WeChatPayInfo: { MchOrderNo: order.wxOrderId, TransactionId: order.wxpayOrderId, PaidTime: order.paidTime },
      GoodsInfo: { ProductId: order.productId, Quantity: 1, OrigPrice: order.orderFee, ActualPrice: order.paidFee, Attach: order.attach },
    };
    return this.options.pusher.push({ kind: 'deliver', orderId: order.orderId, functionName: this.options.messagePushFunction, openid: order.openid, event });
  }

  /** Answering a delivery push with success is itself 发货成功 to WeChat. */
  acknowledged(push: XpayPush): void {
    const order = push.kind === 'deliver' ? this.book.orders.get(push.orderId) : undefined;
    if (order) this.provided(order);
  }

  // ---- refunds completing ---------------------------------------------------

  /**
   * The refund's money moves now (or, `failed`, it cannot: 退款失败), if it
   * has not yet, and its push goes out `deliveries` times at once; for a
   * refund already done, the push comes again.
   */
  refundNow(refundOrderId: string, options: { deliveries?: number; failed?: boolean } = {}): { refund: XpayRefund; pushes: Promise<XpayPush[]> } | undefined {
    const found = this.book.findRefund(refundOrderId);
    if (!found) return undefined;
    const { order, refund } = found;
    if (refund.state === 'processing') {
      refund.state = options.failed ? 'failed' : 'succeeded';
      refund.succeededAt = seconds();
      if (options.failed) order.status = 7;
      else if (this.book.refundedFee(order) >= order.paidFee) order.status = 5;
      void this.book.save();
    }
    const count = Math.max(1, Math.floor(options.deliveries ?? 1));
    return { refund, pushes: Promise.all(Array.from({ length: count }, () => this.pushRefund(order, refund))) };
  }

  /**
   * A refund no refund_order asked for, as when Apple refunds an iOS
   * purchase: WeChat records it and pushes xpay_refund_notify.
   */
  refundFromOutside(orderId: string, options: { refundFee?: number } = {}): { refund: XpayRefund; pushes: Promise<XpayPush[]> } | undefined {
    const order = this.book.orders.get(orderId);
    if (!order || !XPAY_PAID_STATUSES.includes(order.status)) return undefined;
    const leftFee = order.paidFee - this.book.refundedFee(order);
    const refund: XpayRefund = {
      refundOrderId: `apple_${order.orderId}_${order.refunds.length + 1}`,
      wxRefundId: `RF${toBeijingCompact(new Date())}${digits(8)}`,
      refundFee: Math.min(options.refundFee ?? leftFee, leftFee),
      leftFeeBefore: leftFee,
      reason: '0',
      from: 'apple',
      state: 'processing',
      createdAt: new Date().toISOString(),
    };
    order.refunds.push(refund);
    return this.refundNow(refund.refundOrderId);
  }

  private pushRefund(order: XpayOrder, refund: XpayRefund): Promise<XpayPush> {
    const ok = refund.state === 'succeeded';
    const event = {
      ...this.envelope(order.openid, 'xpay_refund_notify'),
      OpenId: order.openid,
      WxRefundId: refund.wxRefundId,
      MchRefundId: refund.from === 'apple' ? '' : refund.refundOrderId,
      WxOrderId: order.wxOrderId,
      MchOrderId: order.orderId,
      RefundFee: refund.refundFee,
      RetCode: ok ? 0 : 1,
      RetMsg: ok ? 'success' : '退款失败',
      RefundStartTimestamp: seconds(Date.parse(refund.createdAt)),
      RefundSuccTimestamp: ok ? (refund.succeededAt ?? 0) : 0,
      WxpayRefundTransactionId: ok ? `5030${digits(18)}` : '',
      Env: order.env,
    };
    return this.options.pusher.push({ kind: 'refund', orderId: order.orderId, refundOrderId: refund.refundOrderId, functionName: this.options.messagePushFunction, openid: order.openid, event });
  }

  /**
   * After a restart on a kept data folder: pending pushes go on, a paid order
   * or a finished refund whose push was never written gets one, and refunds
   * still processing complete after refundDelayMs as usual.
   */
  resume(): void {
    const { book, pusher } = this.options;
    pusher.resume();
    const pushed = (kind: XpayPush['kind'], orderId: string, refundOrderId?: string) =>
      book.pushes.some((p) => p.kind === kind && p.orderId === orderId && (refundOrderId === undefined || p.refundOrderId === refundOrderId));
    for (const order of book.orders.values()) {
      if (!order.pushLost && !pushed('deliver', order.orderId)) void this.pushDelivery(order);
      for (const refund of order.refunds) {
        if (refund.state === 'processing') this.scheduleRefund(refund);
        else if (!pushed('refund', order.orderId, refund.refundOrderId)) void this.pushRefund(order, refund);
      }
    }
  }

  close(): void {
    for (const timer of this.refundTimers) clearTimeout(timer);
    this.refundTimers.clear();
  }
}
