/**
 * Runs the deployed bundles (`<functionsDir>/<name>/index.js`) as SCF does:
 * warm instances per function, a new one when all are busy, each invocation
 * with its own identity in its instance's environment, the function's own
 * timeout, and a fresh start when the bundle file changes.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MSG_PUSH_SOURCE, PAY_SYSTEM_SOURCE, type CallerIdentity } from '../../typings/caller';
import { readFunctionConfig } from './config';
import { FunctionInstance, type InstanceOutcome, type ThrownError } from './instance';

export { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from './config';
/**
 * Far below SCF's 1000 a function: a laptop is not a data centre. Measured
 * with 200 concurrent purchases on 2 cores: at 32 instances each function's
 * cold starts starve one another and SDK requests hit their 15 s timeout; at
 * 4 (the rest queue) all 200 complete in about 30 s.
 */
const MAX_INSTANCES_PER_FUNCTION = 4;
const MAX_CALLS_KEPT = 2000;

export interface RunnerOptions {
  functionsDir: string;
  envId: string;
  appId: string;
  /** the emulator's /admin URL, known once the server listens */
  adminUrl(): string;
  /** database requests an invocation made, known from its token */
  roundTrips?(token: string): number;
  /** more of every instance's environment, known once the server listens (WeChat's API base and the app's secrets) */
  env?(): Record<string, string>;
}

export type InvocationOutcome =
  | { kind: 'returned'; result: unknown }
  | { kind: 'threw'; error: ThrownError }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'crashed'; error: ThrownError }
  | { kind: 'not-found' };

export interface CallRecord {
  id: number;
  name: string;
  openid: string;
  source: string;
  /** the timer trigger that fired this invocation */
  trigger?: string;
  token: string;
  startedAt: string;
  /** from the call to its answer, queueing for a free instance included */
  durationMs?: number;
  /** waiting for a free instance (all busy, at the cap) and, when cold, for the bundle to load */
  queuedMs?: number;
  coldStart?: boolean;
  outcome?: InvocationOutcome['kind'];
  result?: unknown;
  error?: string;
  roundTrips?: number;
}

interface Pool {
  version: string;
  timeoutSeconds: number;
  instances: FunctionInstance[];
  waiting: (() => void)[];
}

export interface InvokeOptions {
  /** a timer trigger's name: the invocation runs as SCF runs a timer's (TRIGGER_SRC=timer) */
  trigger?: string;
}

export class FunctionRunner {
  private readonly pools = new Map<string, Pool>();
  private readonly activeByToken = new Map<string, CallerIdentity>();
  private readonly calls: CallRecord[] = [];
  private callCounter = 0;
  private closed = false;

  constructor(private readonly options: RunnerOptions) {}

  /** The identity of the invocation that holds this token, while it runs. */
  identityOf(token: string): CallerIdentity | undefined {
    return this.activeByToken.get(token);
  }

  callLog(): readonly CallRecord[] {
    return this.calls;
  }

  async invoke(name: string, data: unknown, identity: CallerIdentity, options: InvokeOptions = {}): Promise<InvocationOutcome> {
    const token = `emu-token-${randomBytes(12).toString('hex')}`;
    this.callCounter += 1;
    const record: CallRecord = {
      id: this.callCounter,
      name,
      openid: identity.openid,
      source: identity.source,
      ...(options.trigger === undefined ? {} : { trigger: options.trigger }),
      token,
      startedAt: new Date().toISOString(),
    };
    this.calls.push(record);
    if (this.calls.length > MAX_CALLS_KEPT) this.calls.splice(0, this.calls.length - MAX_CALLS_KEPT);
    const started = performance.now();
    this.activeByToken.set(token, identity);
    try {
      const outcome = await this.run(name, data, identity, token, record, options).catch(
        (error: Error): InvocationOutcome => ({ kind: 'crashed', error: { name: error.name, message: error.message, stack: error.stack ?? error.message } }),
      );
      record.outcome = outcome.kind;
      if (outcome.kind === 'returned') record.result = outcome.result;
      if (outcome.kind === 'threw' || outcome.kind === 'crashed') record.error = outcome.error.stack || outcome.error.message;
      if (outcome.kind === 'timeout') record.error = `Task timed out after ${outcome.seconds} seconds`;
      return outcome;
    } finally {
      this.activeByToken.delete(token);
      record.durationMs = Math.round(performance.now() - started);
      record.roundTrips = this.options.roundTrips?.(token);
    }
  }

  private async run(name: string, data: unknown, identity: CallerIdentity, token: string, record: CallRecord, options: InvokeOptions): Promise<InvocationOutcome> {
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(name)) return { kind: 'not-found' };
    const pool = await this.poolFor(name);
    if (!pool) return { kind: 'not-found' };
    const queued = performance.now();
    const { instance, cold } = await this.acquire(name, pool);
    record.coldStart = cold;
    try {
      try {
        await instance.whenReady();
      } catch (error) {
        await instance.kill();
        const e = error as Error;
        return { kind: 'crashed', error: { name: e.name, message: e.message, stack: e.stack ?? e.message } };
      }
      record.queuedMs = Math.round(performance.now() - queued);
      const outcome = await instance.invoke(
        this.invocationEnv(identity, token, options),
        eventFor(data, identity),
        this.contextFor(name, pool.timeoutSeconds, record),
        pool.timeoutSeconds * 1000,
      );
      return toInvocationOutcome(outcome, pool.timeoutSeconds);
    } finally {
      this.release(pool, instance);
    }
  }

  /** The pool of the bundle on disk now; a changed bundle gets a fresh pool. */
  private async poolFor(name: string): Promise<Pool | undefined> {
    const dir = path.join(this.options.functionsDir, name);
    let version: string;
    try {
      const info = await stat(path.join(dir, 'index.js'));
      version = `${info.mtimeMs}:${info.size}`;
    } catch {
      return undefined;
    }
    const existing = this.pools.get(name);
    if (existing && existing.version === version) return existing;
    if (existing) {
      for (const instance of existing.instances) if (!instance.busy) void instance.kill();
    }
    const pool: Pool = { version, timeoutSeconds: (await readFunctionConfig(dir)).timeoutSeconds, instances: [], waiting: [] };
    this.pools.set(name, pool);
    return pool;
  }

  private async acquire(name: string, pool: Pool): Promise<{ instance: FunctionInstance; cold: boolean }> {
    for (;;) {
      if (this.closed) throw new Error('the emulator is closed');
      pool.instances = pool.instances.filter((i) => !i.dead);
      const idle = pool.instances.find((i) => !i.busy);
      if (idle) {
        idle.busy = true;
        return { instance: idle, cold: false };
      }
      if (pool.instances.length < MAX_INSTANCES_PER_FUNCTION) {
        const instance = new FunctionInstance(path.join(this.options.functionsDir, name, 'index.js'), this.baseEnv(), pool.version);
        instance.busy = true;
        pool.instances.push(instance);
        return { instance, cold: true };
      }
      await new Promise<void>((resolve) => pool.waiting.push(resolve));
    }
  }

  private release(pool: Pool, instance: FunctionInstance): void {
    instance.busy = false;
    // An instance of a bundle that has since been rebuilt is not reused.
    const current = [...this.pools.values()].includes(pool);
    if (!current || instance.dead) {
      void instance.kill();
      pool.instances = pool.instances.filter((i) => i !== instance);
    }
    pool.waiting.shift()?.();
  }

  /** What every instance's environment holds: wire-protocol.md, "Redirecting the SDK". */
  private baseEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value === undefined || /^(WX_|TCB_|TENCENTCLOUD|SCF_)/.test(key)) continue;
      env[key] = value;
    }
    return {
      ...env,
      ...this.options.env?.(),
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.options.adminUrl() }),
      TENCENTCLOUD_SECRETID: 'emulator-secret-id',
      TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
      TENCENTCLOUD: 'true',
      SCF_NAMESPACE: this.options.envId,
      TCB_ENV: this.options.envId,
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_API_TOKEN',
      SILENCE: 'true',
    };
  }

  private invocationEnv(identity: CallerIdentity, token: string, options: InvokeOptions): Record<string, string> {
    const env: Record<string, string> = {
      WX_OPENID: identity.openid,
      WX_APPID: identity.appid,
      WX_UNIONID: identity.unionid,
      WX_API_TOKEN: token,
      TCB_SOURCE: identity.source,
    };
    // what SCF sets for a timer: @cloudbase/node-sdk then sends WX_TRIGGER_API_TOKEN_V0 as the token
    if (options.trigger !== undefined) Object.assign(env, { TRIGGER_SRC: 'timer', WX_TRIGGER_API_TOKEN_V0: token });
    return env;
  }

  private contextFor(name: string, timeoutSeconds: number, record: CallRecord): Record<string, unknown> {
    return {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutSeconds * 1000,
      request_id: `emu-call-${record.id}`,
      function_name: name,
      function_version: '$LATEST',
      namespace: this.options.envId,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.pools.values()].flatMap((p) => p.instances);
    this.pools.clear();
    await Promise.all(all.map((i) => i.kill()));
  }
}

/** `wx.cloud.callFunction` gives the function its data plus who called; WeChat Pay's notification and a message push are only their fields. */
function eventFor(data: unknown, identity: CallerIdentity): unknown {
  const base = data && typeof data === 'object' && !Array.isArray(data) ? data : {};
  if (!identity.openid || identity.source === PAY_SYSTEM_SOURCE || identity.source === MSG_PUSH_SOURCE) return base;
  return { ...base, userInfo: { appId: identity.appid, openId: identity.openid } };
}

function toInvocationOutcome(outcome: InstanceOutcome, timeoutSeconds: number): InvocationOutcome {
  switch (outcome.kind) {
    case 'returned':
      return { kind: 'returned', result: outcome.json === undefined ? null : JSON.parse(outcome.json) };
    case 'timeout':
      return { kind: 'timeout', seconds: timeoutSeconds };
    default:
      return outcome;
  }
}
