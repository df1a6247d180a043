/**
 * Virtual payment as the emulator's module. WeChat's own paths, where the
 * functions reach them through WECHAT_API_BASE (the emulator's URL):
 *   GET  /cgi-bin/token, GET /sns/jscode2session
 *   POST /xpay/query_order | refund_order | notify_provide_goods ?access_token=&pay_sig=
 * and the routes of the preview, tests and people:
 *   POST /api/xpay/login {openid} → {code}            what wx.login answers
 *   POST /api/xpay/pay {openid, signData, paySig, signature, mode?} → {errCode, errMsg}
 *                                                      the sheet's 确认支付
 *   GET  /api/xpay/orders, GET /api/xpay/orders/<orderId>
 *   POST /api/xpay/refunds/<refundOrderId>/complete {deliveries?, failed?, wait?}
 *   POST /api/xpay/orders/<orderId>/refund {refundFee?, wait?}   an Apple refund
 *   POST /api/xpay/push {event, openid?} → {outcome}    one push of the caller's making, now
 */
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { EmulatorError } from '../errors';
import type { FunctionRunner } from '../functions/runner';
import { readBody, readJson, sendJson } from '../../lib/http';
import type { EmulatorModule, Route } from '../types';
import { XpayBook, type XpayOrder } from './book';
import { EMULATOR_APP_SECRET, EMULATOR_XPAY_APP_KEY } from './keys';
import { DEFAULT_PUSH_SCHEDULE, Pusher } from './pushes';
import { Xpay, type PayOptions } from './xpay';

/** the function 消息推送 goes to when nothing configures another */
export const DEFAULT_MESSAGE_PUSH_FUNCTION = 'xpayNotify';

export interface XpayModule extends EmulatorModule {
  readonly xpay: Xpay;
  readonly book: XpayBook;
  readonly messagePushFunction: string;
  resume(): void;
  close(): Promise<void>;
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** A route's answer as WeChat gives it: HTTP 200 whatever errcode says. */
function sendWx(res: ServerResponse, body: unknown): void {
  sendJson(res, 200, body);
}

export async function openXpay(options: {
  dataDir: string;
  appId: string;
  runner: FunctionRunner;
  messagePushFunction?: string;
  retrySchedule?: number[];
  refundDelayMs?: number | null;
}): Promise<XpayModule> {
  const book = await XpayBook.open(path.join(options.dataDir, 'xpay'));
  const messagePushFunction = options.messagePushFunction || DEFAULT_MESSAGE_PUSH_FUNCTION;
  // the pusher tells xpay of each acknowledged push; xpay is made with the pusher
  const later: { xpay?: Xpay } = {};
  const pusher = new Pusher({
    book,
    appId: options.appId,
    schedule: options.retrySchedule?.length ? options.retrySchedule : DEFAULT_PUSH_SCHEDULE,
    invoke: (name, event, identity) => options.runner.invoke(name, event, identity),
    acknowledged: (push) => later.xpay?.acknowledged(push),
  });
  const x = new Xpay({ book, pusher, appId: options.appId, appSecret: EMULATOR_APP_SECRET, appKey: EMULATOR_XPAY_APP_KEY, messagePushFunction, refundDelayMs: options.refundDelayMs });
  later.xpay = x;
  const withPushes = (order: XpayOrder) => ({ ...order, pushes: book.pushes.filter((p) => p.orderId === order.orderId) });
  // pay_sig signs the body exactly as sent: it is read as text, not parsed first
  const serverApi = (name: string): Route => ({
    method: 'POST',
    pattern: `/xpay/${name}`,
    async handle(req, res, _params, url) {
      const body = (await readBody(req)).toString('utf8');
      sendWx(res, x.serverApi(`/xpay/${name}`, url.searchParams, body));
    },
  });

  return {
    xpay: x,
    book,
    messagePushFunction,
    resume: () => x.resume(),
    routes: [
      { method: 'GET', pattern: '/cgi-bin/token', handle: (_req, res, _params, url) => sendWx(res, x.accessToken(url.searchParams)) },
      { method: 'GET', pattern: '/sns/jscode2session', handle: (_req, res, _params, url) => sendWx(res, x.code2Session(url.searchParams)) },
      serverApi('query_order'),
      serverApi('refund_order'),
      serverApi('notify_provide_goods'),
      {
        method: 'POST',
        pattern: '/api/xpay/login',
        async handle(req, res) {
          const { openid } = await readJson(req);
          if (typeof openid !== 'string' || !openid) throw new EmulatorError('INVALID_PARAM', 'openid is required');
          sendJson(res, 200, x.login(openid));
        },
      },
      {
        method: 'POST',
        pattern: '/api/xpay/pay',
        async handle(req, res) {
          const body = await readJson(req);
          const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
          const faults: PayOptions = {
            deliveries: num(body.deliveries),
            lose: body.lose === true,
            paidFee: num(body.paidFee),
            productId: typeof body.productId === 'string' ? body.productId : undefined,
          };
          const mode = typeof body.mode === 'string' ? body.mode : undefined;
          const { answer, pushes } = x.pay({ openid: text('openid'), signData: text('signData'), paySig: text('paySig'), signature: text('signature'), mode }, faults);
          const delivered = body.wait === true ? await pushes : [];
          sendJson(res, 200, { ...answer, ...(answer.order ? { order: withPushes(answer.order) } : {}), ...(body.wait === true ? { pushes: delivered } : {}) });
        },
      },
      {
        method: 'GET',
        pattern: '/api/xpay/orders',
        handle(_req, res) {
          sendJson(res, 200, { orders: [...book.orders.values()].map(withPushes), messagePushFunction });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/xpay\/orders\/(?<orderId>[^/]+)$/,
        handle(_req, res, params) {
          const order = book.orders.get(params.orderId);
          if (!order) throw new EmulatorError('ORDER_NOT_EXIST', `no xpay order ${params.orderId}`);
          sendJson(res, 200, { order: withPushes(order) });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/xpay\/refunds\/(?<refundOrderId>[^/]+)\/complete$/,
        async handle(req, res, params) {
          const body = await readJson(req);
          const done = x.refundNow(params.refundOrderId, { deliveries: num(body.deliveries), failed: body.failed === true });
          if (!done) throw new EmulatorError('REFUND_NOT_EXIST', `no xpay refund ${params.refundOrderId}`);
          const pushes = body.wait === true ? await done.pushes : [];
          sendJson(res, 200, { refund: done.refund, pushes });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/xpay\/orders\/(?<orderId>[^/]+)\/refund$/,
        async handle(req, res, params) {
          const body = await readJson(req);
          const done = x.refundFromOutside(params.orderId, { refundFee: num(body.refundFee) });
          if (!done) throw new EmulatorError('ORDER_NOT_REFUNDABLE', `xpay order ${params.orderId} is not paid`);
          const pushes = body.wait === true ? await done.pushes : [];
          sendJson(res, 200, { refund: done.refund, pushes });
        },
      },
      {
        method: 'POST',
        pattern: '/api/xpay/push',
        async handle(req, res) {
          const body = await readJson(req);
          const event = body.event;
          if (!event || typeof event !== 'object' || Array.isArray(event)) throw new EmulatorError('INVALID_PARAM', 'event must be an object');
          const fields = event as Record<string, unknown>;
          const openid = typeof body.openid === 'string' ? body.openid : typeof fields.FromUserName === 'string' ? fields.FromUserName : '';
          sendJson(res, 200, { outcome: await pusher.once(messagePushFunction, fields, openid) });
        },
      },
    ],
    async close() {
      pusher.close();
      x.close();
      await book.close();
    },
  };
}
