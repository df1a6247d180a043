/**
 * Who is calling, from the platform's context only, never from the request,
 * and what they may do.
 *
 * An operator is a user whose `users` document says `role: 'operator'`, or
 * whose OPENID is listed in the function's environment variable
 * OPERATOR_OPENIDS (comma-separated; set in the cloud console, for the first
 * operator before any document says so).
 *
 * A call with no OPENID from outside WeChat (no `wx_` source in the chain:
 * the CloudBase API with the environment's secret keys, as `npm run ops`
 * calls, whose SOURCE is `scf` or another non-WeChat value) is the key
 * holder's: whoever holds the keys can already write every collection.
 */
import type { UserDoc } from '../../../database-schema/users/schema';
import { PAY_SYSTEM_SOURCE, TIMER_SOURCE, type CallerContext } from '../../../typings/caller';
import { cloud, docById } from './cloud';
import { fail } from './errors';

export { PAY_SYSTEM_SOURCE, TIMER_SOURCE, type CallerContext };

export function callerContext(): CallerContext {
  const ctx = cloud.getWXContext();
  return {
    openid: String(ctx.OPENID ?? ''),
    appid: String(ctx.APPID ?? ''),
    unionid: String(ctx.UNIONID ?? ''),
    source: String(ctx.SOURCE ?? ''),
    env: String(ctx.ENV ?? ''),
  };
}

export type Operator = { kind: 'operator'; openid: string } | { kind: 'keyholder'; source: string };

function listedOperators(): Set<string> {
  return new Set(
    (process.env.OPERATOR_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

export function isKeyholder(caller: CallerContext): boolean {
  if (caller.openid) return false;
  const chain = caller.source.split(',').map((s) => s.trim());
  return chain.length > 0 && chain[0] !== '' && chain.every((s) => !s.startsWith('wx_'));
}

async function hasOperatorRole(openid: string): Promise<boolean> {
  const user = await docById<UserDoc>('users', openid);
  return user?.role === 'operator';
}

/** The operator behind a call, or FORBIDDEN. */
export async function requireOperator(caller: CallerContext): Promise<Operator> {
  if (isKeyholder(caller)) return { kind: 'keyholder', source: caller.source };
  if (caller.openid && (listedOperators().has(caller.openid) || (await hasOperatorRole(caller.openid)))) {
    return { kind: 'operator', openid: caller.openid };
  }
  return fail('FORBIDDEN', '仅运营人员可以操作');
}

/** Who did it, for records: the operator's OPENID or `keyholder:<source>`. */
export const operatorName = (op: Operator): string => (op.kind === 'operator' ? op.openid : `keyholder:${op.source}`);
