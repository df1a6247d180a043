/**
 * WeChat Pay's side of each order, by `outTradeNo`: what unifiedOrder opened,
 * whether the learner paid, closed, refunded. Kept in the data folder, so an
 * order survives a restart like the rest of the cloud's state.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
  private saving: Promise<void> = Promise.resolve();
  private closed = false;
  /** the folder was removed while running; saves since could not be made */
  private removed = false;
  private lostSaves = 0;

  private constructor(private readonly file: string) {}

  /** Whether the pay folder was removed while open, and how many updates could not be saved since. */
  unsaved(): { removed: boolean; updates: number } {
    return { removed: this.removed, updates: this.lostSaves };
  }

  static async open(dir: string): Promise<PayBook> {
    await mkdir(dir, { recursive: true });
    const book = new PayBook(path.join(dir, 'pay-orders.json'));
    if (existsSync(book.file)) {
      const saved = JSON.parse(await readFile(book.file, 'utf8')) as { orders?: PayOrder[]; deliveries?: Delivery[] };
      for (const order of saved.orders ?? []) book.orders.set(order.outTradeNo, order);
      book.deliveries.push(...(saved.deliveries ?? []));
    }
    return book;
  }

  /**
   * Writes the book after the previous write, whole, through a temporary file.
   * Callers do not wait (a pay answer must not hang on the disk), so a failed
   * write is reported here rather than left as an unhandled rejection; after
   * close() nothing is written (a late notification must not recreate a data
   * folder that was removed).
   */
  save(): Promise<void> {
    if (this.closed) return this.saving;
    this.saving = this.saving.then(async () => {
      // a removed folder stays removed: counted, not recreated (the emulator says so when it stops)
      if (this.removed || !existsSync(path.dirname(this.file))) {
        this.removed = true;
        this.lostSaves += 1;
        return;
      }
      const temp = `${this.file}.tmp`;
      try {
        await writeFile(temp, JSON.stringify({ orders: [...this.orders.values()], deliveries: this.deliveries }, null, 1));
        await rename(temp, this.file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // removed between the check and the write
        if (code === 'ENOENT' && !existsSync(path.dirname(this.file))) {
          this.removed = true;
          this.lostSaves += 1;
        } else {
          console.error(`[emulator] pay book not saved: ${(error as Error).message}`);
        }
      }
    });
    return this.saving;
  }

  /** The last write (unless the folder is gone: then what is unsaved is only counted), then no more. */
  async close(): Promise<void> {
    if (!this.removed && !existsSync(path.dirname(this.file))) this.removed = true;
    if (!this.removed) await this.save();
    else await this.saving;
    this.closed = true;
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
