/**
 * A local cloud for a vitest suite of cloud functions: one emulator on a free
 * port with a temporary data folder, running the deployed bundles from
 * build/cloudfunctions (the 'cloud' project's globalSetup builds them).
 *
 *   const cloud = await startTestCloud();
 *   const { result } = await cloud.call('login', {}, { openid: 'o_alice' });
 *   await cloud.stop();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index';
import type { CallRecord } from '../../emulator/functions/runner';
import type { IndexSpec, UnindexedQuery } from '../../emulator/database';
import { collectionNames, collections } from '../../database-schema';
import { requestJson } from '../http';

export interface CallOptions {
  openid?: string;
  /** `wx_client` unless said otherwise */
  source?: string;
}

export interface CallAnswer<T = unknown> {
  result?: T;
  /** as `wx.cloud.callFunction` fails */
  error?: { errCode: number; errMsg: string };
}

export interface SucceedOptions {
  /** fault injection: the notification and queryOrder report this amount */
  totalFee?: number;
  /** fault injection: the notification delivered this many times at once */
  deliveries?: number;
  /** resolve only once every delivery was acknowledged or given up (default true) */
  wait?: boolean;
}

/** What the virtual payment sheet's 确认支付 sends: virtualPay's answer, for a learner. */
export interface XpayPayment {
  openid: string;
  signData: string;
  paySig: string;
  signature: string;
  mode?: string;
}

export interface XpayPayOptions {
  /** fault injection: the delivery push sent this many times at once */
  deliveries?: number;
  /** fault injection: no delivery push at all (for the reconciliation timer to find) */
  lose?: boolean;
  /** fault injection: query_order and the push report this paid_fee */
  paidFee?: number;
  /** fault injection: query_order and the push report this product_id */
  productId?: string;
  /** resolve only once every push was acknowledged (default true) */
  wait?: boolean;
}

export interface XpayPayAnswer {
  /** 0 paid; -15005 paySig, -15006 signature wrong; -1 refused otherwise */
  errCode: number;
  errMsg: string;
  order?: Record<string, unknown>;
  pushes?: Record<string, unknown>[];
}

export interface TestCloud {
  readonly url: string;
  readonly envId: string;
  readonly emulator: Emulator;
  call<T = unknown>(name: string, data?: unknown, options?: CallOptions): Promise<CallAnswer<T>>;
  pay: {
    succeed(outTradeNo: string, options?: SucceedOptions): Promise<unknown>;
    cancel(outTradeNo: string): Promise<unknown>;
    orders(): Promise<unknown[]>;
    /** a refund's money moves now (or its notification comes again), delivered `deliveries` times at once */
    completeRefund(outRefundNo: string, options?: { deliveries?: number; wait?: boolean }): Promise<unknown>;
  };
  /** virtual payment: the learner's side of WeChat, and its pushes */
  xpay: {
    /** what wx.login answers this learner: a one-time code for virtualPay */
    login(openid: string): Promise<string>;
    /** the learner confirms the virtual payment sheet */
    pay(payment: XpayPayment, options?: XpayPayOptions): Promise<XpayPayAnswer>;
    /** the orders WeChat knows, each with its pushes */
    orders(): Promise<Record<string, unknown>[]>;
    /** delivers this push to the message-push function now, once, as wx_msgpush: what the function did (`{kind: 'returned', result}`...) */
    push(event: Record<string, unknown>, options?: { openid?: string }): Promise<{ kind: string; result?: unknown }>;
    /** the refund's money moves now (or fails), its xpay_refund_notify pushed `deliveries` times */
    completeRefund(refundOrderId: string, options?: { deliveries?: number; failed?: boolean; wait?: boolean }): Promise<unknown>;
    /** a refund WeChat reports without refund_order, as when Apple refunds an iOS purchase */
    refundFromOutside(orderId: string, options?: { refundFee?: number; wait?: boolean }): Promise<unknown>;
  };
  find(collection: string, filter?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  /** database requests made by the function invocations so far, newest last */
  calls(): Promise<CallRecord[]>;
  /** database requests of the last invocation of `name` */
  roundTrips(name: string): Promise<number | undefined>;
  unindexedQueries(): UnindexedQuery[];
  /** environment variables that point a wx-server-sdk in the test's own process at this cloud */
  sdkEnv(identity?: { openid?: string; source?: string }): Record<string, string>;
  stop(): Promise<void>;
}

/** Quick pay and push retries, so a suite need not wait for WeChat's real schedule. */
const TEST_PAY_RETRY_SCHEDULE = [50, 100, 200, 400, 800];


export async function startTestCloud(options: Omit<EmulatorOptions, 'port' | 'dataDir'> = {}): Promise<TestCloud> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'test-cloud-'));
  const emulator = await startEmulator({
    payRetrySchedule: TEST_PAY_RETRY_SCHEDULE,
    pushRetrySchedule: TEST_PAY_RETRY_SCHEDULE,
    indexes: Object.fromEntries(Object.entries(collections).map(([name, spec]) => [name, spec.indexes as IndexSpec[]])),
    collections: collectionNames,
    ...options,
    port: 0,
    dataDir,
  });
  const { url } = emulator;
  const calls = async () => (await requestJson<{ calls: CallRecord[] }>(`${url}/api/calls`, 'GET')).calls;

  return {
    url,
    envId: emulator.envId,
    emulator,
    call: (name, data = {}, callOptions = {}) =>
      requestJson(`${url}/api/functions/${encodeURIComponent(name)}`, 'POST', { data, openid: callOptions.openid ?? '', source: callOptions.source }),
    pay: {
      succeed: (outTradeNo, succeedOptions = {}) =>
        requestJson(`${url}/api/pay/${encodeURIComponent(outTradeNo)}/succeed`, 'POST', { wait: true, ...succeedOptions }),
      cancel: (outTradeNo) => requestJson(`${url}/api/pay/${encodeURIComponent(outTradeNo)}/cancel`, 'POST', {}),
      orders: async () => (await requestJson<{ orders: unknown[] }>(`${url}/api/pay/orders`, 'GET')).orders,
      completeRefund: (outRefundNo, refundOptions = {}) =>
        requestJson(`${url}/api/pay/refunds/${encodeURIComponent(outRefundNo)}/complete`, 'POST', { wait: true, ...refundOptions }),
    },
    xpay: {
      login: async (openid) => (await requestJson<{ code: string }>(`${url}/api/xpay/login`, 'POST', { openid })).code,
      pay: (payment, payOptions = {}) => requestJson(`${url}/api/xpay/pay`, 'POST', { wait: true, ...payOptions, ...payment }),
      orders: async () => (await requestJson<{ orders: Record<string, unknown>[] }>(`${url}/api/xpay/orders`, 'GET')).orders,
      push: async (event, pushOptions = {}) => (await requestJson<{ outcome: { kind: string; result?: unknown } }>(`${url}/api/xpay/push`, 'POST', { event, ...pushOptions })).outcome,
      completeRefund: (refundOrderId, refundOptions = {}) =>
        requestJson(`${url}/api/xpay/refunds/${encodeURIComponent(refundOrderId)}/complete`, 'POST', { wait: true, ...refundOptions }),
      refundFromOutside: (orderId, refundOptions = {}) => requestJson(`${url}/api/xpay/orders/${encodeURIComponent(orderId)}/refund`, 'POST', { wait: true, ...refundOptions }),
    },
    find: async (collection, filter) => emulator.database.find(collection, filter),
    calls,
    async roundTrips(name) {
      const mine = (await calls()).filter((c) => c.name === name);
      return mine[mine.length - 1]?.roundTrips;
    },
    unindexedQueries: () => emulator.database.unindexedQueries(),
    sdkEnv: (identity) => emulator.sdkEnv(identity),
    async stop() {
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
