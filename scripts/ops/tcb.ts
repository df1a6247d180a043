/**
 * The operator command line's way into a cloud environment: tcb-admin-node
 * 1.23 (CloudBase's server SDK with secret keys), against a real environment
 * or, with `--local`, against the emulator (`init({serviceUrl})`, see
 * docs: wire-protocol.md). Its typings cover little, so the surface used here
 * is declared below.
 */
import { createRequire } from 'node:module';
import type { FunctionName, RequestOf, ResponseOf } from '../../typings/api';
import type { Result } from '../../typings/result';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's untyped query builder */
export interface TcbQuery {
  where(filter: object): TcbQuery;
  orderBy(field: string, direction: 'asc' | 'desc'): TcbQuery;
  skip(n: number): TcbQuery;
  limit(n: number): TcbQuery;
  field(projection: object): TcbQuery;
  get(): Promise<{ data: any[]; code?: string; message?: string }>;
  count(): Promise<{ total: number; code?: string; message?: string }>;
  /** every matching document (`multi`), merged; `updated` counts those changed */
  update(data: object): Promise<{ updated?: number; code?: string; message?: string }>;
}

export interface TcbCollection extends TcbQuery {
  doc(id: string): {
    get(): Promise<{ data: any[]; code?: string; message?: string }>;
    set(data: object): Promise<{ code?: string; message?: string }>;
    update(data: object): Promise<{ updated?: number; code?: string; message?: string }>;
  };
}

export interface TcbTransaction {
  collection(name: string): { doc(id: string): { get(): Promise<{ data: any }>; set(data: object): Promise<unknown>; update(data: object): Promise<unknown> } };
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
}

export interface TcbDb {
  collection(name: string): TcbCollection;
  createCollection(name: string): Promise<{ code?: string; message?: string }>;
  startTransaction(): Promise<TcbTransaction>;
  command: any;
  serverDate(): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface TcbApp {
  database(): TcbDb;
  callFunction(options: { name: string; data?: unknown }): Promise<{ result?: unknown; code?: string; message?: string }>;
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string; code?: string; message?: string }>;
  getUploadMetadata(options: { cloudPath: string }): Promise<{ data: { url: string; fileId: string } }>;
}

interface TcbModule {
  init(config: { secretId: string; secretKey: string; env: string; serviceUrl?: string; timeout?: number }): TcbApp;
}

export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:9090';
export const DEFAULT_LOCAL_ENV = 'local-dev';
/** what a real environment needs, from the environment, never from a file in the repository */
export const REAL_ENV_VARS = ['TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'] as const;

export interface Target {
  app: TcbApp;
  db: TcbDb;
  local: boolean;
  env: string;
  /** the emulator's URL, when local */
  url: string | null;
  describe: string;
}

export interface ConnectOptions {
  local?: boolean;
  url?: string;
  env?: string;
}

export class UsageError extends Error {}

export function connect(options: ConnectOptions, environment: NodeJS.ProcessEnv = process.env): Target {
  const tcb = require('tcb-admin-node') as TcbModule;
  if (options.local) {
    const url = (options.url ?? environment.EMULATOR_URL ?? DEFAULT_EMULATOR_URL).replace(/\/+$/, '');
    const env = options.env ?? environment.CLOUD_ENV_ID ?? DEFAULT_LOCAL_ENV;
    const app = tcb.init({ secretId: 'local', secretKey: 'local', env, serviceUrl: `${url}/admin`, timeout: 60_000 });
    return { app, db: app.database(), local: true, env, url, describe: `the local emulator at ${url} (env ${env})` };
  }
  const missing = REAL_ENV_VARS.filter((name) => !environment[name] && !(name === 'TCB_ENV' && options.env));
  if (missing.length) {
    throw new UsageError(`missing ${missing.join(', ')}: set them in the environment for a real cloud environment, or pass --local for the emulator`);
  }
  const env = options.env ?? environment.TCB_ENV!;
  const app = tcb.init({ secretId: environment.TENCENTCLOUD_SECRETID!, secretKey: environment.TENCENTCLOUD_SECRETKEY!, env, timeout: 60_000 });
  return { app, db: app.database(), local: false, env, url: null, describe: `cloud environment ${env}` };
}

/** tcb-admin-node answers some failures as `{code, message}` instead of throwing. */
export function check<T extends { code?: string; message?: string }>(result: T, what: string): T {
  if (result && typeof result === 'object' && result.code) throw new Error(`${what}: ${result.code} ${result.message ?? ''}`);
  return result;
}

/**
 * An operator function called as the environment's key holder (operatorCall
 * lets it in), its `{ok, data}` unwrapped; a refusal is thrown with its code.
 */
export async function callOperatorFunction<N extends FunctionName>(t: Target, name: N, data: RequestOf<N>): Promise<ResponseOf<N>> {
  const answer = check(await t.app.callFunction({ name, data }), `call ${name}`);
  const result = answer.result as Result<ResponseOf<N>> | undefined;
  if (!result?.ok) throw new Error(`${name} answered ${JSON.stringify(result?.ok === false ? result.error : answer)}`);
  return result.data;
}

/** `work` in one transaction: committed unless it answers false (then rolled back, as when it throws); answers whether it committed. */
export async function inTransaction(db: TcbDb, work: (transaction: TcbTransaction) => Promise<boolean>): Promise<boolean> {
  const transaction = await db.startTransaction();
  try {
    if (!(await work(transaction))) {
      await transaction.rollback();
      return false;
    }
    await transaction.commit();
    return true;
  } catch (error) {
    await transaction.rollback().catch(() => undefined);
    throw error;
  }
}

/** the most the server SDK reads at once */
const PAGE = 1000;

/** Every document matching `filter`, page by page. */
export async function readAll<T>(
  db: TcbDb,
  collection: string,
  filter: object,
  options: { orderBy?: string; projection?: object; onPage?: (count: number) => void } = {},
): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    let query = db.collection(collection).where(filter);
    if (options.orderBy) query = query.orderBy(options.orderBy, 'asc');
    query = query.orderBy('_id', 'asc').skip(offset).limit(PAGE);
    if (options.projection) query = query.field(options.projection);
    const page = check(await query.get(), `read ${collection}`).data as T[];
    out.push(...page);
    options.onPage?.(out.length);
    if (page.length < PAGE) return out;
  }
}

/**
 * Every document of `collection`, a page at a time in `_id` order, each page
 * read after the last one's `_id` (no filter but `_id`, which every
 * collection's index serves). Documents written meanwhile neither shift the
 * pages nor hide one that was there when the read began.
 */
export async function* pagesById<T extends { _id: string }>(db: TcbDb, collection: string, pageSize = PAGE): AsyncGenerator<T[]> {
  for (let after: string | null = null; ; ) {
    const query = db.collection(collection).where(after === null ? {} : { _id: db.command.gt(after) });
    const page = check(await query.orderBy('_id', 'asc').limit(pageSize).get(), `read ${collection}`).data as T[];
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!._id;
  }
}
