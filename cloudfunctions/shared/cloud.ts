/**
 * The one initialised wx-server-sdk of a function. Module level, so a warm
 * instance reuses it; the environment is whichever one the function runs in.
 */
import * as cloud from 'wx-server-sdk';

// the SDK's typings declare the symbol's type too narrowly for init()
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };
export const db = cloud.database();
export const _ = db.command;

/**
 * The SDK's typings answer `Promise<...> | void | string`; these narrow its
 * results to the document types of database-schema/.
 */
export async function docs<T>(query: { get(): unknown }): Promise<T[]> {
  const result = (await query.get()) as { data: T[] };
  return result.data;
}

/** A document by `_id`, or null (doc().get() throws on a missing document). */
export async function docById<T>(collection: string, id: string): Promise<T | null> {
  const [found] = await docs<T>(db.collection(collection).where({ _id: id }).limit(1));
  return found ?? null;
}

export async function aggregated<T>(pipeline: { end(): unknown }): Promise<T[]> {
  const result = (await pipeline.end()) as { list: T[] };
  return result.list;
}

export interface CallerContext {
  openid: string;
  appid: string;
  unionid: string;
  /** who invoked the function: wx_client, wx_paycallback, wx_cloudfunction... */
  source: string;
}

/** Identity, from the platform's context only: never from the request. */
export function callerContext(): CallerContext {
  const ctx = cloud.getWXContext();
  return {
    openid: String(ctx.OPENID ?? ''),
    appid: String(ctx.APPID ?? ''),
    unionid: String(ctx.UNIONID ?? ''),
    source: String(ctx.SOURCE ?? ''),
  };
}
