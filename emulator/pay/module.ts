/**
 * WeChat Pay as the emulator's module: the SDK's multipart `wx.wxPayApi`
 * action, and the routes a test, the preview or a person uses to pay or
 * dismiss the payment sheet and to inspect orders and notifications.
 */
import path from 'node:path';
import { EmulatorError } from '../errors';
import type { FunctionRunner } from '../functions/runner';
import { readJson, sendJson } from '../../lib/http';
import { RawAnswer, type EmulatorModule } from '../types';
import { DEFAULT_RETRY_SCHEDULE, Notifier } from './notifications';
import { PayBook, type PayOrder } from './orders';
import { WxPay } from './wxpay';

export interface PayModule extends EmulatorModule {
  readonly wxpay: WxPay;
  readonly book: PayBook;
  /** takes up the notifications a previous run left pending: call once the server listens */
  resume(): void;
  close(): Promise<void>;
}

export async function openPay(options: {
  dataDir: string;
  appId: string;
  runner: FunctionRunner;
  retrySchedule?: number[];
  /** null: refunds complete only through POST /api/pay/refunds/<outRefundNo>/complete */
  refundDelayMs?: number | null;
}): Promise<PayModule> {
  const book = await PayBook.open(path.join(options.dataDir, 'pay'));
  const notifier = new Notifier({
    book,
    appId: options.appId,
    schedule: options.retrySchedule?.length ? options.retrySchedule : DEFAULT_RETRY_SCHEDULE,
    invoke: (name, event, identity) => options.runner.invoke(name, event, identity),
  });
  const wxpay = new WxPay({ book, notifier, appId: options.appId, refundDelayMs: options.refundDelayMs });
  const withDeliveries = (order: PayOrder) => ({ ...order, deliveries: book.deliveries.filter((d) => d.outTradeNo === order.outTradeNo) });

  return {
    wxpay,
    book,
    resume: () => wxpay.resume(),
    actions: {
      'wx.wxPayApi': async (request) => {
        const apiName = typeof request.body.apiName === 'string' ? request.body.apiName : '';
        const raw = request.parts.requestData ?? Buffer.from(typeof request.body.requestData === 'string' ? request.body.requestData : '');
        let data: Record<string, unknown>;
        try {
          data = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          throw new EmulatorError('INVALID_PARAM', `cloudPay.${apiName}: requestData is not JSON`);
        }
        if (!data || typeof data !== 'object' || Array.isArray(data)) throw new EmulatorError('INVALID_PARAM', `cloudPay.${apiName}: requestData is not an object`);
        const answer = wxpay.handle(apiName, data, options.runner.identityOf(request.token)?.openid ?? '');
        // Not `application/json; charset=utf-8`: with that the SDK parses the body itself and refuses it.
        return new RawAnswer(Buffer.from(JSON.stringify(answer)), 'application/json');
      },
    },
    routes: [
      {
        method: 'POST',
        pattern: /^\/api\/pay\/(?<outTradeNo>[^/]+)\/succeed$/,
        async handle(req, res, params) {
          const body = await readJson(req);
          const { order, deliveries } = wxpay.succeed(params.outTradeNo, {
            totalFee: typeof body.totalFee === 'number' ? body.totalFee : undefined,
            deliveries: typeof body.deliveries === 'number' ? body.deliveries : undefined,
          });
          if (body.wait === true) await deliveries;
          sendJson(res, 200, { order: withDeliveries(order) });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/pay\/(?<outTradeNo>[^/]+)\/cancel$/,
        async handle(_req, res, params) {
          sendJson(res, 200, { order: withDeliveries(wxpay.cancel(params.outTradeNo)) });
        },
      },
      {
        // completes a refund now (or delivers its notification again), `deliveries` times at once
        method: 'POST',
        pattern: /^\/api\/pay\/refunds\/(?<outRefundNo>[^/]+)\/complete$/,
        async handle(req, res, params) {
          const body = await readJson(req);
          const { refund, deliveries } = wxpay.refundNow(params.outRefundNo, {
            deliveries: typeof body.deliveries === 'number' ? body.deliveries : undefined,
          });
          const delivered = body.wait === true ? await deliveries : [];
          sendJson(res, 200, { refund, deliveries: delivered });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/pay\/orders$/,
        handle(_req, res) {
          sendJson(res, 200, { orders: [...book.orders.values()].map(withDeliveries) });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/pay\/orders\/(?<outTradeNo>[^/]+)$/,
        handle(_req, res, params) {
          const order = book.orders.get(params.outTradeNo);
          if (!order) sendJson(res, 404, { error: { code: 'ORDERNOTEXIST', message: `no pay order ${params.outTradeNo}` } });
          else sendJson(res, 200, { order: withDeliveries(order) });
        },
      },
    ],
    async close() {
      notifier.close();
      wxpay.close();
      await book.close();
    },
  };
}
