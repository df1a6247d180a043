/**
 * Wraps a cloud function's domain code in the contract every function keeps:
 * the request validated by its schema from typings/, identity from the WeChat
 * context, and one answer shape, `{ok: true, data}` or `{ok: false, error}`.
 */
import type { z } from 'zod';
import { requestSchemas, type FunctionName, type ParsedRequestOf, type ResponseOf } from '../../../typings/api';
import type { Result } from '../../../typings/result';
import { callerContext, type CallerContext } from './cloud';
import { AppError } from './errors';

export interface HandlerOptions<A> {
  /** Most functions need a logged-in learner; a few (none yet) are public. */
  requireOpenid?: boolean;
  /**
   * Who may call, decided before the request is looked at: a caller who may
   * not call learns nothing from the schema's complaints about their input.
   */
  authorize?: (caller: CallerContext) => Promise<A>;
}

/** The fields wx.cloud.callFunction adds to every event, which are not part of the request. */
const PLATFORM_FIELDS = ['userInfo', 'tcbContext'];

export function stripPlatformFields(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  const copy: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  for (const key of PLATFORM_FIELDS) delete copy[key];
  return copy;
}

export function formatZodError(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export function defineHandler<N extends FunctionName, A = undefined>(
  name: N,
  run: (input: ParsedRequestOf<N>, caller: CallerContext, authorized: A) => Promise<ResponseOf<N>>,
  options: HandlerOptions<A> = {},
): (event: unknown) => Promise<Result<ResponseOf<N>>> {
  const schema = requestSchemas[name] as unknown as z.ZodType<ParsedRequestOf<N>>;
  return async (event) => {
    try {
      const caller = callerContext();
      const authorized = (options.authorize ? await options.authorize(caller) : undefined) as A;
      const parsed = schema.safeParse(stripPlatformFields(event ?? {}));
      if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: formatZodError(parsed.error) } };
      if (options.requireOpenid !== false && !caller.openid) {
        return { ok: false, error: { code: 'UNAUTHENTICATED', message: '请在微信中打开' } };
      }
      return { ok: true, data: await run(parsed.data, caller, authorized) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      console.error(`[${name}] unexpected error`, error);
      return { ok: false, error: { code: 'INTERNAL', message: '服务繁忙，请稍后再试' } };
    }
  };
}
