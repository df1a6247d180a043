/**
 * The emulator's own read-outs for tests, the preview and people: the data
 * by collection, export and import of the whole database, and an index of
 * the routes. (Functions, pay, storage and messages serve their own.)
 */
import path from 'node:path';
import type { DatabaseModule } from '../database';
import { EmulatorError } from '../errors';
import { readJson, sendJson } from '../../lib/http';
import type { EmulatorModule } from '../types';

const ROUTES = {
  'POST /api/functions/<name>': 'call a function as a mini-program: {"data": {...}, "openid": "...", "source"?: "wx_client"} → {"result"} or {"error": {errCode, errMsg}}; refused (EXCEED_AUTHORITY) when its config.json has "securityRule": {"invoke": false}',
  'GET /api/calls': 'function invocations: name, openid, source, duration, outcome, round trips',
  'GET /api/triggers': 'timer triggers from config.json with their next firing, and the ones that could not be scheduled',
  'POST /api/triggers/<name>/<trigger>': 'fire a timer trigger now (SOURCE wx_trigger, SCF\'s timer event) → {"event", "result"} or {"error"}',
  'POST /api/pay/<outTradeNo>/succeed': 'the learner pays: {"totalFee"?: n, "deliveries"?: n, "wait"?: true}',
  'POST /api/pay/<outTradeNo>/cancel': 'the learner dismisses the payment sheet',
  'POST /api/pay/refunds/<outRefundNo>/complete': 'the refund completes now (or its notification comes again): {"deliveries"?: n, "wait"?: true}',
  'GET /api/pay/orders': 'pay orders with their notification deliveries',
  'GET /api/pay/orders/<outTradeNo>': 'one pay order',
  'GET /cgi-bin/token, GET /sns/jscode2session': 'WeChat\'s access token (for the emulator\'s AppSecret) and code2Session (for codes from POST /api/xpay/login)',
  'POST /xpay/query_order|refund_order|notify_provide_goods': 'virtual payment\'s server API: ?access_token=&pay_sig=hex(HMAC-SHA256(AppKey, uri + "&" + body)), a wrong pay_sig answers 268490003',
  'POST /api/xpay/login': 'what wx.login answers in the preview: {"openid"} → {"code"} (one-time, 5 minutes)',
  'POST /api/xpay/pay': 'the virtual payment sheet\'s 确认支付: {"openid", "signData", "paySig", "signature", "mode"?, "deliveries"?: n, "lose"?: true, "paidFee"?: n, "productId"?: s, "wait"?: true} → {"errCode"} (-15005 paySig, -15006 signature)',
  'GET /api/xpay/orders': 'virtual payment orders with their message pushes',
  'GET /api/xpay/orders/<orderId>': 'one virtual payment order',
  'POST /api/xpay/refunds/<refundOrderId>/complete': 'the refund completes now (or fails: {"failed": true}), its xpay_refund_notify pushed: {"deliveries"?: n, "wait"?: true}',
  'POST /api/xpay/orders/<orderId>/refund': 'a refund WeChat reports without refund_order (Apple refunding an iOS purchase): {"refundFee"?: n, "wait"?: true}',
  'POST /api/xpay/push': 'one push of the caller\'s making to the message-push function, now: {"event", "openid"?} → {"outcome"}',
  'GET /api/messages': 'openapi calls: subscribe messages sent, content security checks (security.msgSecCheck)',
  'POST /api/messages/refusals': 'the learner has not agreed to any subscribe message: {"openid"} → WeChat answers 43101 to messages for them',
  'POST /api/openapi/security': 'the words security.msgSecCheck decides by: {"risky"?: [...], "review"?: [...], "failing"?: [...]} (a list given replaces the old one; a failing word makes the check itself fail); GET shows them',
  'GET /api/storage': 'stored files',
  'GET /api/collections': 'collections and their sizes',
  'GET /api/collections/<name>': 'the documents of a collection',
  'POST /api/data/export': '{"dir"?: path} writes every collection to <dir>/<name>.json',
  'POST /api/data/import': '{"dir"?: path} replaces the collections found in <dir>',
};

export function apiModule(options: { database: DatabaseModule; dataDir: string }): EmulatorModule {
  const { database } = options;
  const folderOf = (body: Record<string, unknown>) => (typeof body.dir === 'string' && body.dir ? path.resolve(body.dir) : path.join(options.dataDir, 'export'));
  return {
    routes: [
      {
        method: 'GET',
        pattern: /^\/(api\/?)?$/,
        handle(_req, res) {
          sendJson(res, 200, { emulator: 'wx-server-sdk local cloud', routes: ROUTES });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/collections$/,
        handle(_req, res) {
          const collections = database.collectionNames().map((name) => ({ name, count: database.find(name).length }));
          sendJson(res, 200, { collections });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/collections\/(?<name>[^/]+)$/,
        handle(_req, res, params) {
          if (!database.collectionNames().includes(params.name)) throw new EmulatorError('DATABASE_COLLECTION_NOT_EXIST', `no collection ${params.name}`);
          sendJson(res, 200, { name: params.name, documents: database.find(params.name) });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/data\/export$/,
        async handle(req, res) {
          const dir = folderOf(await readJson(req));
          sendJson(res, 200, { dir, collections: await database.exportTo(dir) });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/data\/import$/,
        async handle(req, res) {
          const dir = folderOf(await readJson(req));
          sendJson(res, 200, { dir, collections: await database.importFrom(dir) });
        },
      },
    ],
  };
}
