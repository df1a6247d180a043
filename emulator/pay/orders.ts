/**
 * WeChat Pay's side of each order, by `outTradeNo`: what unifiedOrder opened,
 * whether the learner paid, closed, refunded. Kept in the data folder, so an
 * order survives a restart like the rest of the cloud's state.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { SnapshotFile } from '../snapshot-file';

/** trade_state as queryOrder reports it */
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR' | 'USERPAYING';

export interface PayRefund {
  outRefundNo: string;
  refundId: string;
  refundFee: number;
  totalFee: number;
  functionName: string;
  envId: string;
  status: 'PROCESSING' | 'SUCCESS';
  createdAt: string;
  /** yyyy-MM-dd HH:mm:ss, Beijing time, once done */
  successTime?: string;
}

export interface DeliveryAttempt {
  at: string;
  /** the callback's answer, or the failure of the invocation */
  answer?: unknown;
  error?: string;
  acknowledged: boolean;
}

export interface Delivery {
  id: number;
  kind: 'payment' | 'refund';
  outTradeNo: string;
  outRefundNo?: string;
  functionName: string;
  event: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'acknowledged' | 'gave-up';
}

export interface PayOrder {
  outTradeNo: string;
  body: string;
  attach?: string;
  totalFee: number;
  subMchId: string;
  openid: string;
  functionName: string;
  envId: string;
  tradeType: string;
  spbillCreateIp: string;
  /** yyyyMMddHHmmss, Beijing time: unpaid after this, the order cannot be paid */
  timeExpire?: string;
  prepayId: string;
  state: TradeState;
  transactionId: string;
  /** what the payment notification and queryOrder report; differs from totalFee only by fault injection */
  paidFee?: number;
  /** yyyyMMddHHmmss, Beijing time */
  timeEnd?: string;
  createdAt: string;
  /** the learner closed the payment sheet without paying, this many times */
  cancelled: number;
  refunds: PayRefund[];
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export class PayBook {
  readonly orders = new Map<string, PayOrder>();
  readonly deliveries: Delivery[] = [];
  private store: SnapshotFile<{ orders: PayOrder[]; deliveries: Delivery[] }> | undefined;

  private constructor() {}

  /** Whether the pay folder was removed while open, and how many updates could not be saved since. */
  unsaved(): { removed: boolean; updates: number } {
    return this.store?.unsaved() ?? { removed: false, updates: 0 };
  }

  static async open(dir: string): Promise<PayBook> {
    const book = new PayBook();
    const { store, saved } = await SnapshotFile.open(path.join(dir, 'pay-orders.json'), () => ({ orders: [...book.orders.values()], deliveries: book.deliveries }));
    book.store = store;
    for (const order of saved?.orders ?? []) book.orders.set(order.outTradeNo, order);
    book.deliveries.push(...(saved?.deliveries ?? []));
    return book;
  }

  /**
   * Writes the book after the previous write, whole (emulator/snapshot-file.ts):
   * callers do not wait, as a pay answer must not hang on the disk.
   */
  save(): Promise<void> {
    return this.store?.save() ?? Promise.resolve();
  }

  /** The last write (unless the folder is gone: then what is unsaved is only counted), then no more. */
  close(): Promise<void> {
    return this.store?.close() ?? Promise.resolve();
  }

  findRefund(outRefundNo: string): { order: PayOrder; refund: PayRefund } | undefined {
    for (const order of this.orders.values()) {
      const refund = order.refunds.find((r) => r.outRefundNo === outRefundNo);
      if (refund) return { order, refund };
    }
    return undefined;
  }

  refundedFee(order: PayOrder): number {
    return order.refunds.reduce((sum, r) => sum + r.refundFee, 0);
  }
}
