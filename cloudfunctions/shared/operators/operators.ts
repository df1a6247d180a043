/**
 * Who may run the shop. An operator is a user whose `users` document says
 * `role: 'operator'`, or whose OPENID is listed in the function's environment
 * variable OPERATOR_OPENIDS (comma-separated; set in the cloud console, for
 * the first operator before any document says so). Identity comes from
 * getWXContext() only.
 *
 * A call with no OPENID from outside WeChat (no `wx_` source in the chain:
 * the CloudBase API with the environment's secret keys, as `npm run ops`
 * calls, whose SOURCE is `scf` or another non-WeChat value) is the key
 * holder's: whoever holds the keys can already write every collection.
 */
import type { FunctionName, ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { Result } from '../../../typings/result';
import type { CallerContext } from '../platform/cloud';
import { fail } from '../platform/errors';
import { defineHandler } from '../platform/handler';
import { isOperator } from '../users/users';

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

/** The operator behind a call, or FORBIDDEN. */
export async function requireOperator(caller: CallerContext): Promise<Operator> {
  if (isKeyholder(caller)) return { kind: 'keyholder', source: caller.source };
  if (caller.openid && (listedOperators().has(caller.openid) || (await isOperator(caller.openid)))) {
    return { kind: 'operator', openid: caller.openid };
  }
  return fail('FORBIDDEN', '仅运营人员可以操作');
}

/** Who did it, for records: the operator's OPENID or `keyholder:<source>`. */
export const operatorName = (op: Operator): string => (op.kind === 'operator' ? op.openid : `keyholder:${op.source}`);

/**
 * `defineHandler` for an operator function: the role checked first, before the
 * request is validated or anything is read or written, so a learner's junk
 * gets FORBIDDEN, not the schema's details.
 */
export function operatorHandler<N extends FunctionName>(
  name: N,
  run: (input: ParsedRequestOf<N>, operator: Operator, caller: CallerContext) => Promise<ResponseOf<N>>,
): (event: unknown) => Promise<Result<ResponseOf<N>>> {
  return defineHandler(name, (input, caller, operator: Operator) => run(input, operator, caller), {
    // the key holder has no OPENID; requireOperator refuses everyone else without one
    requireOpenid: false,
    authorize: requireOperator,
  });
}
