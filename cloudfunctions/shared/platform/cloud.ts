/**
 * The one initialised wx-server-sdk of a function. Module level, so a warm
 * instance reuses it; the environment is whichever one the function runs in.
 */
import * as cloud from 'wx-server-sdk';

// the SDK's typings declare the symbol's type too narrowly for init()
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };
// a missing document reads as null instead of throwing, in and out of transactions
export const db = cloud.database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0]);
export const _ = db.command;

/**
 * The SDK's typings answer `Promise<...> | void | string`; these narrow its
 * results to the document types of database-schema/.
 */
export async function docs<T>(query: { get(): unknown }): Promise<T[]> {
  const result = (await query.get()) as { data: T[] };
  return result.data;
}

/** A document by `_id`, or null. */
export async function docById<T>(collection: string, id: string): Promise<T | null> {
  const result = (await db.collection(collection).doc(id).get()) as unknown as { data: T | null };
  return result.data ?? null;
}

/** What runTransaction hands its callback, narrowed like the helpers above. */
export interface Transaction {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>;
      set(options: { data: object }): Promise<unknown>;
      update(options: { data: object }): Promise<{ stats?: { updated: number } }>;
      remove(): Promise<unknown>;
    };
    add(options: { data: object }): Promise<{ _id: string }>;
  };
  rollback(reason?: unknown): Promise<void>;
}

export async function txDoc<T>(tx: Transaction, collection: string, id: string): Promise<T | null> {
  const result = await tx.collection(collection).doc(id).get();
  return (result.data as T | null) ?? null;
}

const isConflict = (error: unknown): boolean => {
  const e = (error ?? {}) as { code?: unknown; errCode?: unknown; errMsg?: unknown; message?: unknown };
  return /TRANSACTION_CONFLICT/i.test(`${e.code ?? ''} ${e.errCode ?? ''} ${e.errMsg ?? ''} ${e.message ?? ''}`);
};

const TRANSACTION_ATTEMPTS = 8;

/**
 * Runs `work` in a database transaction, again on a write conflict (so `work`
 * must only read and write through `tx`), with a short random back-off: the
 * SDK's own retry is immediate, which under contention just conflicts again.
 * An AppError thrown inside aborts the transaction and comes out as it is.
 */
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await db.runTransaction(work, 0)) as T;
    } catch (error) {
      if (!isConflict(error) || attempt >= TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export async function aggregated<T>(pipeline: { end(): unknown }): Promise<T[]> {
  const result = (await pipeline.end()) as { list: T[] };
  return result.list;
}

/** An aggregation sub-pipeline ($lookup's `pipeline`): the SDK has $.pipeline(), its typings do not. */
export interface SubPipeline {
  match(query: object): SubPipeline;
  project(projection: object): SubPipeline;
  sort(order: Record<string, 1 | -1>): SubPipeline;
  limit(n: number): SubPipeline;
  done(): object;
}
export const $ = _.aggregate as typeof _.aggregate & { pipeline(): SubPipeline };
/** `$expr` in a sub-pipeline's match (the SDK has _.expr(), its typings do not) */
export const expr = (e: unknown): object => (_ as unknown as { expr(e: unknown): object }).expr(e);

/**
 * An operator's numbered page of a query, newest first, with the total: one
 * more row than the page is read to tell whether another page follows.
 */
export async function newestPage<T>(
  query: { count(): unknown; orderBy(field: string, order: 'asc' | 'desc'): { skip(n: number): { limit(n: number): { get(): unknown } } } },
  page: number,
  pageSize: number,
): Promise<{ rows: T[]; page: number; hasMore: boolean; total: number }> {
  const [rows, counted] = await Promise.all([
    docs<T>(query.orderBy('createdAt', 'desc').skip((page - 1) * pageSize).limit(pageSize + 1)),
    query.count() as Promise<{ total: number }>,
  ]);
  return { rows: rows.slice(0, pageSize), page, hasMore: rows.length > pageSize, total: counted.total };
}
