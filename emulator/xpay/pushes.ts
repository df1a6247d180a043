/**
 * 消息推送 as WeChat delivers it to a cloud function: the function the
 * message-push configuration names is invoked with SOURCE `wx_msgpush` and
 * the push itself as its event, and again, after a growing pause, until it
 * answers `{ErrCode: 0}`. Every push is written to the book before its first
 * attempt, so a restart takes up whatever was still pending.
 */
import { MSG_PUSH_SOURCE, type CallerIdentity } from '../../typings/caller';
import type { InvocationOutcome } from '../functions/runner';
import type { XpayBook, XpayPush } from './book';

/** ms before each retry, the last one repeated: 1 s, 2 s, 4 s... up to a minute */
export const DEFAULT_PUSH_SCHEDULE = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000];

export interface PusherOptions {
  book: XpayBook;
  appId: string;
  schedule: number[];
  invoke(functionName: string, event: Record<string, unknown>, identity: CallerIdentity): Promise<InvocationOutcome>;
  /** a push was just acknowledged (written to the book already) */
  acknowledged?(push: XpayPush): void;
}

export class Pusher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly settling = new Set<() => void>();
  private counter: number;
  private closed = false;

  constructor(private readonly options: PusherOptions) {
    this.counter = options.book.pushes.reduce((max, p) => Math.max(max, p.id), 0);
  }

  identity(openid: string): CallerIdentity {
    return { openid, appid: this.options.appId, unionid: '', source: MSG_PUSH_SOURCE };
  }

  /** Queues one push and starts it; resolves once it is acknowledged (or the emulator stops). */
  push(spec: Omit<XpayPush, 'id' | 'attempts' | 'state'>): Promise<XpayPush> {
    this.counter += 1;
    const push: XpayPush = { ...spec, id: this.counter, attempts: [], state: 'pending' };
    this.options.book.pushes.push(push);
    void this.options.book.save();
    return this.track(push, 0);
  }

  /** The pushes a previous run left pending go on, after the pause their attempts so far call for. */
  resume(): XpayPush[] {
    const pending = this.options.book.pushes.filter((p) => p.state === 'pending');
    for (const push of pending) void this.track(push, push.attempts.length === 0 ? 0 : this.delayAfter(push.attempts.length));
    return pending;
  }

  /** One invocation now, recorded nowhere: what the function answers to a push of the caller's making. */
  async once(functionName: string, event: Record<string, unknown>, openid: string): Promise<InvocationOutcome> {
    return this.options.invoke(functionName, event, this.identity(openid));
  }

  private track(push: XpayPush, delayMs: number): Promise<XpayPush> {
    return new Promise((resolve) => {
      const finish = () => {
        this.settling.delete(finish);
        resolve(push);
      };
      this.settling.add(finish);
      this.later(delayMs, () => void this.attempt(push, finish));
    });
  }

  private delayAfter(attempts: number): number {
    const { schedule } = this.options;
    return schedule[Math.min(attempts - 1, schedule.length - 1)] ?? 0;
  }

  private later(delayMs: number, run: () => void): void {
    if (delayMs <= 0) return run();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(push: XpayPush, finish: () => void): Promise<void> {
    if (this.closed) return finish();
    const outcome = await this.options.invoke(push.functionName, push.event, this.identity(push.openid));
    // a stop while the function ran: the attempt is not counted, the push stays pending for the next start
    if (this.closed) return finish();
    const answer = outcome.kind === 'returned' ? outcome.result : undefined;
    const acknowledged = isAcknowledgement(answer);
    push.attempts.push({ at: new Date().toISOString(), answer, acknowledged, ...(outcome.kind === 'returned' ? {} : { error: describe(outcome) }) });
    if (acknowledged) push.state = 'acknowledged';
    void this.options.book.save();
    if (acknowledged) {
      this.options.acknowledged?.(push);
      return finish();
    }
    this.later(this.delayAfter(push.attempts.length), () => void this.attempt(push, finish));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const finish of [...this.settling]) finish();
  }
}

/** WeChat stops pushing on `ErrCode: 0` (the number); anything else is pushed again. */
export function isAcknowledgement(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { ErrCode?: unknown }).ErrCode === 0;
}

function describe(outcome: Exclude<InvocationOutcome, { kind: 'returned' }>): string {
  switch (outcome.kind) {
    case 'threw':
    case 'crashed':
      return outcome.error.stack || outcome.error.message;
    case 'timeout':
      return `Task timed out after ${outcome.seconds} seconds`;
    case 'not-found':
      return 'the message-push function does not exist';
  }
}
