/**
 * Page tests against the real cloud: the bundled cloud functions running on
 * the local emulator that test/setup/real-cloud.ts started for the
 * 'miniprogram-cloud' project (files named `*.cloud.test.ts`).
 *
 *   const cloud = useRealCloud('o_page_buyer');        // in a test, one learner each
 *   cloud.sheet('cancel', 'pay');                       // what the learner does in the pay sheets
 *   const page = loadPage('pages/purchase/index', { courseId: 'course-time' });
 *
 * - `wx.cloud.callFunction({name, data})` posts to `/api/functions/<name>` as
 *   the learner and answers `{result}` like the real client, or rejects with
 *   `{errCode, errMsg}` when the invocation failed.
 * - `wx.requestPayment(payment)` is WeChat Pay's sheet: it finds the pay order
 *   whose prepay id is in `payment.package` and pays it (`/api/pay/<no>/succeed`,
 *   without waiting for the notification, which reaches payCallback afterwards
 *   as in WeChat) or closes it (`/cancel`, rejecting `requestPayment:fail cancel`).
 * - `wx.requestSubscribeMessage({tmplIds})` is the learner agreeing to every
 *   subscribe message asked for; what the cloud then sent them is `messages()`.
 * - `wx.request({url})` fetches the URL (the e-book files that getLesson's
 *   temporary URLs point at on the emulator).
 *
 * The spies are vi.spyOn, so test/setup/miniprogram.ts restores them after each test.
 */
import { inject, vi } from 'vitest';
import type { RecordedMessage } from '../../emulator/openapi/module';
import type { FunctionName, RequestOf, ResponseOf } from '../../typings/api';
import type { Result } from '../../typings/result';
import { requestJson } from '../http';

/** What the learner does when WeChat Pay's sheet opens. */
export type SheetAction = 'pay' | 'cancel';

export interface FunctionCall {
  name: string;
  data: unknown;
}

export interface PaySheet {
  outTradeNo: string;
  prepayId: string;
  action: SheetAction;
}

export interface RealCloud {
  readonly url: string;
  readonly openid: string;
  /** the functions the pages called, in order */
  readonly calls: FunctionCall[];
  /** the pay sheets shown, in order */
  readonly sheets: PaySheet[];
  /** the template ids of each wx.requestSubscribeMessage, in order (the learner agrees to all) */
  readonly subscriptions: string[][];
  /** the subscribe messages the cloud sent to this learner, oldest first */
  messages(): Promise<RecordedMessage[]>;
  /** queues what the learner does in the next pay sheets; once the queue is empty, 'pay' */
  sheet(...actions: SheetAction[]): void;
  /** calls a function as this learner, outside any page, and unwraps its `{ok, data}` */
  call<N extends FunctionName>(name: N, data: RequestOf<N>): Promise<ResponseOf<N>>;
  /** the learner's documents in a collection (every document's `openid` or `_openid` field) */
  mine(collection: string): Promise<Record<string, unknown>[]>;
}

interface PayOrderView {
  outTradeNo: string;
  prepayId: string;
  openid: string;
  state: string;
}


type Callbacks<T> = { success?: (res: T) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void };

/** wx's callback style on top of a promise, as the real APIs offer both. */
function settleCallbacks<T>(promise: Promise<T>, options: Callbacks<T>): Promise<T> {
  promise.then(
    (res) => {
      options.success?.(res);
      options.complete?.(res);
    },
    (err: unknown) => {
      options.fail?.(err);
      options.complete?.(err);
    },
  );
  return promise;
}

export function realCloudUrl(): string {
  const url = inject('realCloudUrl');
  if (!url) throw new Error('no real cloud: run this file in the miniprogram-cloud project (name it *.cloud.test.ts)');
  return url;
}

export function useRealCloud(openid: string): RealCloud {
  const url = realCloudUrl();
  const calls: FunctionCall[] = [];
  const sheets: PaySheet[] = [];
  const queued: SheetAction[] = [];

  async function callFunction(name: string, data: unknown) {
    const answer = await requestJson<{ result?: unknown; error?: { errCode: number; errMsg: string } }>(
      `${url}/api/functions/${encodeURIComponent(name)}`,
      'POST',
      { data: data ?? {}, openid },
    );
    if (answer.error) throw Object.assign(new Error(answer.error.errMsg), answer.error);
    return { errMsg: 'cloud.callFunction:ok', result: answer.result, requestID: `real-cloud-${calls.length}` };
  }

  vi.spyOn(wx.cloud, 'callFunction').mockImplementation(((options: { name: string; data?: unknown } & Callbacks<unknown>) => {
    calls.push({ name: options.name, data: options.data });
    return settleCallbacks(callFunction(options.name, options.data), options);
  }) as never);

  async function paySheet(payment: { package?: string }) {
    const prepayId = /^prepay_id=(.+)$/.exec(payment.package ?? '')?.[1];
    if (!prepayId) throw { errMsg: `requestPayment:fail invalid package ${payment.package ?? ''}` };
    const { orders } = await requestJson<{ orders: PayOrderView[] }>(`${url}/api/pay/orders`);
    const order = orders.find((o) => o.prepayId === prepayId);
    if (!order) throw { errMsg: `requestPayment:fail prepay_id ${prepayId} not found` };
    // WeChat shows the sheet only to the payer the order was opened for.
    if (order.openid !== openid) throw { errMsg: `requestPayment:fail the order is not this user's` };
    const action = queued.shift() ?? 'pay';
    sheets.push({ outTradeNo: order.outTradeNo, prepayId, action });
    const no = encodeURIComponent(order.outTradeNo);
    if (action === 'cancel') {
      await requestJson(`${url}/api/pay/${no}/cancel`, 'POST', {});
      throw { errMsg: 'requestPayment:fail cancel' };
    }
    // The notification reaches payCallback after the sheet closes, as in WeChat: do not wait for it.
    await requestJson(`${url}/api/pay/${no}/succeed`, 'POST', {});
    return { errMsg: 'requestPayment:ok' };
  }

  vi.spyOn(wx, 'requestPayment').mockImplementation(((options: { package?: string } & Callbacks<unknown>) =>
    settleCallbacks(paySheet(options), options)) as never);

  const subscriptions: string[][] = [];
  vi.spyOn(wx, 'requestSubscribeMessage').mockImplementation(((options: { tmplIds: string[] } & Callbacks<unknown>) => {
    subscriptions.push([...options.tmplIds]);
    const accepted = Object.fromEntries(options.tmplIds.map((id) => [id, 'accept']));
    return settleCallbacks(Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...accepted }), options);
  }) as never);

  async function request(options: WechatMiniprogram.RequestOption) {
    let res: Response;
    try {
      res = await fetch(options.url, {
        method: options.method ?? 'GET',
        headers: options.header as Record<string, string> | undefined,
        body: options.data === undefined || options.method === undefined || options.method === 'GET' ? undefined : JSON.stringify(options.data),
      });
    } catch (error) {
      throw { errMsg: `request:fail ${(error as Error).message}` };
    }
    let data: unknown;
    if (options.responseType === 'arraybuffer') data = await res.arrayBuffer();
    else {
      data = await res.text();
      if (options.dataType === undefined || options.dataType === 'json') {
        try {
          data = JSON.parse(data as string);
        } catch {
          // WeChat hands over the text when it is not JSON
        }
      }
    }
    const header: Record<string, string> = {};
    res.headers.forEach((value, key) => (header[key] = value));
    return { data, statusCode: res.status, header, errMsg: 'request:ok' };
  }

  vi.spyOn(wx, 'request').mockImplementation(((options: WechatMiniprogram.RequestOption) => {
    settleCallbacks(request(options), options as Callbacks<unknown>).catch(() => undefined);
    return { abort: () => undefined } as WechatMiniprogram.RequestTask;
  }) as never);

  return {
    url,
    openid,
    calls,
    sheets,
    subscriptions,
    async messages() {
      const { messages } = await requestJson<{ messages: RecordedMessage[] }>(`${url}/api/messages`);
      return messages.filter((m) => m.apiName === 'subscribeMessage.send' && m.params.touser === openid);
    },
    sheet: (...actions) => void queued.push(...actions),
    async call(name, data) {
      const { result } = await callFunction(name, data);
      const answer = result as Result<never>;
      if (!answer.ok) throw new Error(`${name} answered ${answer.error.code}: ${answer.error.message}`);
      return answer.data;
    },
    async mine(collection) {
      const { documents } = await requestJson<{ documents: Record<string, unknown>[] }>(`${url}/api/collections/${encodeURIComponent(collection)}`);
      return documents.filter((d) => d.openid === openid || d._openid === openid);
    },
  };
}

/** `/pages/lesson/index?id=a&courseId=b` → the page path and query that loadPage takes. */
export function route(url: string): { pagePath: string; query: Record<string, string> } {
  const [pathPart, search = ''] = url.split('?');
  return { pagePath: pathPart.replace(/^\//, ''), query: Object.fromEntries(new URLSearchParams(search)) };
}
