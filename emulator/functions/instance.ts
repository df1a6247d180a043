/**
 * One warm instance of a function: a worker thread that has loaded the bundle.
 * It serves one invocation at a time; a timeout or crash kills it.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const WORKER_SCRIPT = fileURLToPath(new URL('./worker.cjs', import.meta.url));

export interface ThrownError {
  name: string;
  message: string;
  stack: string;
}

export type InstanceOutcome =
  | { kind: 'returned'; json: string | undefined }
  | { kind: 'threw'; error: ThrownError }
  | { kind: 'timeout' }
  | { kind: 'crashed'; error: ThrownError };

interface WorkerMessage {
  type: 'ready' | 'load-failed' | 'result';
  id?: number;
  ok?: boolean;
  json?: string;
  error?: ThrownError;
}

let invocationCounter = 0;

export class FunctionInstance {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private pending?: { id: number; settle(outcome: InstanceOutcome): void };
  busy = false;
  dead = false;

  constructor(
    bundle: string,
    /** the environment every invocation shares: where the cloud is, which env */
    baseEnv: Record<string, string>,
    /** the bundle's version (mtime), to retire instances of an older build */
    readonly version: string,
  ) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: { bundle }, env: baseEnv, stdout: false, stderr: false });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'load-failed') reject(toError(message.error));
        else if (message.type === 'result') this.onResult(message);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', (error) => {
        this.dead = true;
        reject(error);
        this.pending?.settle({ kind: 'crashed', error: { name: error.name, message: error.message, stack: error.stack ?? String(error) } });
      });
      this.worker.on('exit', (code) => {
        this.dead = true;
        const error = { name: 'Error', message: `the function's process exited with code ${code}`, stack: '' };
        reject(toError(error));
        this.pending?.settle({ kind: 'crashed', error });
      });
    });
    // A failed load is reported to the invocation that waits for it.
    this.ready.catch(() => undefined);
  }

  /** Resolves once the bundle is loaded, i.e. the cold start is over. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  invoke(env: Record<string, string>, event: unknown, context: Record<string, unknown>, timeoutMs: number): Promise<InstanceOutcome> {
    invocationCounter += 1;
    const id = invocationCounter;
    return new Promise<InstanceOutcome>((resolve) => {
      const timer = setTimeout(() => {
        settle({ kind: 'timeout' });
        void this.kill();
      }, timeoutMs);
      const settle = (outcome: InstanceOutcome) => {
        if (this.pending?.id !== id) return;
        clearTimeout(timer);
        this.pending = undefined;
        resolve(outcome);
      };
      this.pending = { id, settle };
      this.worker.postMessage({ type: 'invoke', id, env, event, context });
    });
  }

  private onResult(message: WorkerMessage): void {
    if (!this.pending || this.pending.id !== message.id) return;
    if (message.ok) this.pending.settle({ kind: 'returned', json: message.json });
    else this.pending.settle({ kind: 'threw', error: message.error ?? { name: 'Error', message: 'unknown error', stack: '' } });
  }

  async kill(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

function toError(error: ThrownError | undefined): Error {
  const e = new Error(error?.message ?? 'the function failed to load');
  if (error?.stack) e.stack = error.stack;
  return e;
}
