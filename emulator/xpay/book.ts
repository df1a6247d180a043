/**
 * Virtual payment's side of the local cloud, kept in the data folder
 * (`xpay/xpay.json`) so that it survives a restart like the rest: the orders
 * learners paid (by order_id, our outTradeNo), their refunds, the message
 * pushes still to deliver, and the login state WeChat holds (a session_key
 * per openid, the one-time codes of wx.login, the access tokens issued).
 */
import path from 'node:path';
import { SnapshotFile } from '../snapshot-file';

/** query_order's status: 0 初始化, 1 创建成功(未支付), 2 已支付待发货, 3 发货中, 4 已发货, 5 已退款, 6 已关闭, 7 退款失败 */
export type XpayStatus = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const XPAY_PAID_STATUSES: readonly XpayStatus[] = [2, 3, 4];

export interface XpayRefund {
  /** ours: refund_order_id, the outRefundNo */
  refundOrderId: string;
  wxRefundId: string;
  refundFee: number;
  /** left_fee as the request said it, before this refund */
  leftFeeBefore: number;
  reason: string;
  /** who asked: '1' the merchant through refund_order, 'apple' an iOS refund WeChat reports */
  from: string;
  state: 'processing' | 'succeeded' | 'failed';
  createdAt: string;
  /** unix seconds, once done */
  succeededAt?: number;
}

export interface XpayOrder {
  orderId: string;
  openid: string;
  env: 0 | 1;
  offerId: string;
  productId: string;
  /** goodsPrice, fen */
  orderFee: number;
  paidFee: number;
  attach: string;
  status: XpayStatus;
  wxOrderId: string;
  /** the WeChat Pay transaction under it */
  wxpayOrderId: string;
  /** unix seconds */
  paidTime: number;
  /** unix seconds, once notify_provide_goods said so */
  provideTime?: number;
  createdAt: string;
  /** fault injection: its delivery push was lost on purpose, and is not made up after a restart */
  pushLost?: boolean;
  refunds: XpayRefund[];
}

export interface PushAttempt {
  at: string;
  answer?: unknown;
  error?: string;
  acknowledged: boolean;
}

export interface XpayPush {
  id: number;
  kind: 'deliver' | 'refund';
  orderId: string;
  refundOrderId?: string;
  functionName: string;
  openid: string;
  event: Record<string, unknown>;
  attempts: PushAttempt[];
  state: 'pending' | 'acknowledged';
}

interface Saved {
  orders: XpayOrder[];
  pushes: XpayPush[];
  sessionKeys: Record<string, string>;
  codes: Record<string, { openid: string; expiresAt: number }>;
  tokens: Record<string, number>;
}

export class XpayBook {
  readonly orders = new Map<string, XpayOrder>();
  readonly pushes: XpayPush[] = [];
  /** openid → session_key */
  readonly sessionKeys = new Map<string, string>();
  /** wx.login code → whose, until when (ms) */
  readonly codes = new Map<string, { openid: string; expiresAt: number }>();
  /** access_token → until when (ms) */
  readonly tokens = new Map<string, number>();

  private store: SnapshotFile<Saved> | undefined;

  private constructor() {}

  static async open(dir: string): Promise<XpayBook> {
    const book = new XpayBook();
    const { store, saved } = await SnapshotFile.open<Saved>(path.join(dir, 'xpay.json'), () => ({
      orders: [...book.orders.values()],
      pushes: book.pushes,
      sessionKeys: Object.fromEntries(book.sessionKeys),
      codes: Object.fromEntries(book.codes),
      tokens: Object.fromEntries(book.tokens),
    }));
    book.store = store;
    for (const order of saved?.orders ?? []) book.orders.set(order.orderId, order);
    book.pushes.push(...(saved?.pushes ?? []));
    for (const [k, v] of Object.entries(saved?.sessionKeys ?? {})) book.sessionKeys.set(k, v);
    for (const [k, v] of Object.entries(saved?.codes ?? {})) book.codes.set(k, v);
    for (const [k, v] of Object.entries(saved?.tokens ?? {})) book.tokens.set(k, v);
    return book;
  }

  save(): Promise<void> {
    return this.store?.save() ?? Promise.resolve();
  }

  unsaved(): { removed: boolean; updates: number } {
    return this.store?.unsaved() ?? { removed: false, updates: 0 };
  }

  close(): Promise<void> {
    return this.store?.close() ?? Promise.resolve();
  }

  refundedFee(order: XpayOrder): number {
    return order.refunds.filter((r) => r.state !== 'failed').reduce((sum, r) => sum + r.refundFee, 0);
  }

  findRefund(refundOrderId: string): { order: XpayOrder; refund: XpayRefund } | undefined {
    for (const order of this.orders.values()) {
      const refund = order.refunds.find((r) => r.refundOrderId === refundOrderId);
      if (refund) return { order, refund };
    }
    return undefined;
  }
}
