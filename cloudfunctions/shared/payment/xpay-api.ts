/**
 * WeChat's server API for virtual payment (小程序虚拟支付) and the two calls
 * it needs: the access token and code2Session. Every /xpay/ call is signed
 * with pay_sig = hex(HMAC-SHA256(AppKey, uri + "&" + body)) over the exact
 * JSON text sent. The secrets come only from the functions' environment
 * variables (WX_APP_SECRET, XPAY_APP_KEY), never from the repo or a
 * collection; WECHAT_API_BASE points the calls elsewhere (the local cloud).
 */
import { createHmac } from 'node:crypto';
import { callerContext } from '../platform/caller';

const DEFAULT_BASE = 'https://api.weixin.qq.com';
/** A token is asked for again this long before WeChat says it expires, so no call carries a stale one. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** WeChat's answers for a token that is invalid or expired (another holder refreshed it meanwhile). */
const STALE_TOKEN_CODES = new Set([40001, 42001]);

export const hmacSha256Hex = (key: string, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** The signature of a server API call: uri is the path, e.g. `/xpay/query_order`. */
export const paySigOf = (appKey: string, uri: string, body: string): string => hmacSha256Hex(appKey, `${uri}&${body}`);

/** The client's paySig for wx.requestVirtualPayment. */
export const clientPaySigOf = (appKey: string, signData: string): string => hmacSha256Hex(appKey, `requestVirtualPayment&${signData}`);

/** The client's user-state signature for wx.requestVirtualPayment, with the learner's session_key. */
export const userSignatureOf = (sessionKey: string, signData: string): string => hmacSha256Hex(sessionKey, signData);

/** A refusal from WeChat's API: errcode and errmsg as answered. */
export class WechatApiError extends Error {
  constructor(
    readonly uri: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${uri}: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

function secret(name: 'WX_APP_SECRET' | 'XPAY_APP_KEY'): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set: see README, "Virtual payment"`);
  return value;
}

/** The AppKey of the virtual payment environment in use (现网 or 沙箱). */
export const xpayAppKey = (): string => secret('XPAY_APP_KEY');

const base = (): string => (process.env.WECHAT_API_BASE || DEFAULT_BASE).replace(/\/+$/, '');
/** The mini-program's AppID: the one the function runs for. */
const appId = (): string => callerContext().appid;

interface Answer {
  errcode?: number;
  errmsg?: string;
}

async function getJson<T extends Answer>(uri: string, query: Record<string, string>): Promise<T> {
  const response = await fetch(`${base()}${uri}?${new URLSearchParams(query).toString()}`);
  if (!response.ok) throw new Error(`${uri}: HTTP ${response.status}`);
  const answer = (await response.json()) as T;
  if (answer.errcode) throw new WechatApiError(uri, answer.errcode, answer.errmsg ?? '');
  return answer;
}

let token: { value: string; until: number; appId: string } | null = null;

/** The access token, kept by a warm instance until shortly before it expires. */
async function accessToken(): Promise<string> {
  const app = appId();
  if (token && token.appId === app && Date.now() < token.until) return token.value;
  const answer = await getJson<Answer & { access_token: string; expires_in: number }>('/cgi-bin/token', {
    grant_type: 'client_credential',
    appid: app,
    secret: secret('WX_APP_SECRET'),
  });
  token = { value: answer.access_token, until: Date.now() + answer.expires_in * 1000 - TOKEN_MARGIN_MS, appId: app };
  return token.value;
}

/** A signed POST to an /xpay/ API; an answer with errcode ≠ 0 is thrown as WechatApiError. */
async function xpayPost<T>(uri: string, body: Record<string, unknown>, retried = false): Promise<T & Answer> {
  const text = JSON.stringify(body);
  const query = new URLSearchParams({ access_token: await accessToken(), pay_sig: paySigOf(secret('XPAY_APP_KEY'), uri, text) });
  const response = await fetch(`${base()}${uri}?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
  if (!response.ok) throw new Error(`${uri}: HTTP ${response.status}`);
  const answer = (await response.json()) as T & Answer;
  if (answer.errcode && STALE_TOKEN_CODES.has(answer.errcode) && !retried) {
    token = null;
    return xpayPost<T>(uri, body, true);
  }
  if (answer.errcode) throw new WechatApiError(uri, answer.errcode, answer.errmsg ?? '');
  return answer;
}

/** query_order's `order.status`. */
export const XPAY_ORDER_STATUS = {
  created: 0,
  unpaid: 1,
  paid: 2,
  delivering: 3,
  delivered: 4,
  refunded: 5,
  closed: 6,
  refundFailed: 7,
} as const;
/** The statuses in which the learner's money was taken and the goods are (to be) theirs. */
export const XPAY_PAID_STATUSES: readonly number[] = [XPAY_ORDER_STATUS.paid, XPAY_ORDER_STATUS.delivering, XPAY_ORDER_STATUS.delivered];

export interface XpayOrder {
  order_id: string;
  status: number;
  order_fee: number;
  paid_fee: number;
  refund_fee?: number;
  left_fee?: number;
  /** unix seconds */
  paid_time?: number;
  wx_order_id?: string;
  openid?: string;
  /** not documented by WeChat for every answer: compared only when given */
  product_id?: string;
}

export type XpayEnv = 0 | 1;

export async function queryXpayOrder(openid: string, env: XpayEnv, orderId: string): Promise<XpayOrder> {
  const answer = await xpayPost<{ order: XpayOrder }>('/xpay/query_order', { openid, env, order_id: orderId });
  return answer.order;
}

export interface XpayRefundRequest {
  openid: string;
  orderId: string;
  refundOrderId: string;
  leftFen: number;
  refundFen: number;
  env: XpayEnv;
}

export async function refundXpayOrder(request: XpayRefundRequest): Promise<{ refund_order_id?: string; refund_wx_order_id?: string }> {
  return xpayPost('/xpay/refund_order', {
    openid: request.openid,
    order_id: request.orderId,
    refund_order_id: request.refundOrderId,
    left_fee: request.leftFen,
    refund_fee: request.refundFen,
    biz_meta: '',
    // 0: 暂无描述 (the operator's reason stays on our order)
    refund_reason: '0',
    // 1: 人工客服退款
    req_from: '1',
    env: request.env,
  });
}

/** Tells WeChat the goods were delivered, so the order shows 已发货 and it stops pushing. */
export async function notifyProvideGoods(orderId: string, env: XpayEnv): Promise<void> {
  await xpayPost('/xpay/notify_provide_goods', { order_id: orderId, env });
}

/** code2Session: whose `wx.login` code this is, and their session_key (kept only for the call). */
export async function code2Session(code: string): Promise<{ openid: string; sessionKey: string }> {
  const answer = await getJson<Answer & { openid: string; session_key: string }>('/sns/jscode2session', {
    appid: appId(),
    secret: secret('WX_APP_SECRET'),
    js_code: code,
    grant_type: 'authorization_code',
  });
  return { openid: answer.openid, sessionKey: answer.session_key };
}
