/**
 * Delivers pay and refund notifications as WeChat Pay does: the callback
 * function is invoked with SOURCE `wx_paycallback` as the payer, and again on
 * a schedule until it answers `{errcode: 0}`. WeChat's own schedule spans a
 * day (15s, 15s, 30s, 3m, 10m, ... 16 attempts); here it is compressed.
 */
import { PAY_SYSTEM_SOURCE, type CallerIdentity } from '../../typings/caller';
import type { InvocationOutcome } from '../functions/runner';
import type { Delivery, PayBook } from './orders';

/** ms before each retry; the last one repeats until MAX_ATTEMPTS */
export const DEFAULT_RETRY_SCHEDULE = [200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];
/** WeChat Pay notifies at most 16 times. */
export const MAX_ATTEMPTS = 16;

export interface NotifierOptions {
  book: PayBook;
  schedule: number[];
  appId: string;
  invoke(functionName: string, event: Record<string, unknown>, identity: CallerIdentity): Promise<InvocationOutcome>;
}

export class Notifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly settling = new Set<() => void>();
  private deliveryCounter: number;
  private closed = false;

  constructor(private readonly options: NotifierOptions) {
    this.deliveryCounter = options.book.deliveries.reduce((max, d) => Math.max(max, d.id), 0);
  }

  /** Starts one delivery; resolves once it is acknowledged or given up. */
  deliver(spec: Omit<Delivery, 'id' | 'attempts' | 'state'>, openid: string): Promise<Delivery> {
    this.deliveryCounter += 1;
    const delivery: Delivery = { ...spec, id: this.deliveryCounter, attempts: [], state: 'pending' };
    this.options.book.deliveries.push(delivery);
    void this.options.book.save();
    return this.track(delivery, openid, 0);
  }

  /**
   * Takes up the deliveries that were still pending when the emulator last
   * stopped, as WeChat Pay keeps notifying whatever happens to the merchant:
   * each goes on after the pause its attempts so far call for.
   */
  resume(): Delivery[] {
    const pending = this.options.book.deliveries.filter((d) => d.state === 'pending');
    for (const delivery of pending) {
      if (delivery.attempts.length >= MAX_ATTEMPTS) {
        delivery.state = 'gave-up';
        continue;
      }
      const openid = this.options.book.orders.get(delivery.outTradeNo)?.openid ?? '';
      void this.track(delivery, openid, delivery.attempts.length === 0 ? 0 : this.delayAfter(delivery.attempts.length));
    }
    if (pending.length) void this.options.book.save();
    return pending;
  }

  private track(delivery: Delivery, openid: string, delayMs: number): Promise<Delivery> {
    const identity: CallerIdentity = { openid, appid: this.options.appId, unionid: '', source: PAY_SYSTEM_SOURCE };
    return new Promise((resolve) => {
      const finish = () => {
        this.settling.delete(finish);
        resolve(delivery);
      };
      this.settling.add(finish);
      if (delayMs <= 0) void this.attempt(delivery, identity, finish);
      else this.later(delayMs, () => void this.attempt(delivery, identity, finish));
    });
  }

  /** ms before the attempt that follows `attempts` failed ones */
  private delayAfter(attempts: number): number {
    const { schedule } = this.options;
    return schedule[Math.min(attempts - 1, schedule.length - 1)] ?? 0;
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(delivery: Delivery, identity: CallerIdentity, finish: () => void): Promise<void> {
    if (this.closed) return finish();
    const outcome = await this.options.invoke(delivery.functionName, delivery.event, identity);
    const at = new Date().toISOString();
    const answer = outcome.kind === 'returned' ? outcome.result : undefined;
    const acknowledged = isAcknowledgement(answer);
    delivery.attempts.push({ at, answer, acknowledged, error: outcome.kind === 'returned' ? undefined : describe(outcome) });
    if (acknowledged) delivery.state = 'acknowledged';
    else if (delivery.attempts.length >= MAX_ATTEMPTS) delivery.state = 'gave-up';
    void this.options.book.save();
    if (delivery.state !== 'pending' || this.closed) return finish();
    this.later(this.delayAfter(delivery.attempts.length), () => void this.attempt(delivery, identity, finish));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const finish of [...this.settling]) finish();
  }
}

/** WeChat Pay takes `errcode: 0` (the number) as "received, stop notifying". */
function isAcknowledgement(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { errcode?: unknown }).errcode === 0;
}

function describe(outcome: Exclude<InvocationOutcome, { kind: 'returned' }>): string {
  switch (outcome.kind) {
    case 'threw':
    case 'crashed':
      return outcome.error.stack || outcome.error.message;
    case 'timeout':
      return `Task timed out after ${outcome.seconds} seconds`;
    case 'not-found':
      return 'the callback function does not exist';
  }
}
