/**
 * The five ways a cloud function is started, each one line in its index.ts:
 *
 * - `learnerCall`: a page calls it (wx.cloud.callFunction) as a logged-in learner;
 * - `operatorCall`: an operator (or the environment's key holder, `npm run ops`)
 *   calls it; the role is checked before the request is looked at;
 * - `paySystemNotification`: WeChat Pay tells us a payment or refund changed;
 * - `messagePush`: WeChat's 消息推送 (virtual payment's delivery and refund pushes);
 * - `timerTrigger`: its config.json timer runs it (so may the key holder).
 *
 * Each keeps its contract here, so the domain code never sees transport: a
 * call's request validated by its schema from typings/ and one answer shape,
 * `{ok: true, data}` or `{ok: false, error}`; a notification's guard (only the
 * payment system's SOURCE), its `errcode` answers and its retry on failure; a
 * timer's guard. Identity comes from the WeChat context only (caller.ts).
 */
import type { z } from 'zod';
import { requestSchemas, type FunctionName, type ParsedRequestOf, type ResponseOf } from '../../../typings/api';
import { notificationSchemas, type NotificationAnswer, type NotificationName, type NotificationOf, type NotificationOutcome } from '../../../typings/notifications';
import type { Result } from '../../../typings/result';
import type { TimerName, TimerReports } from '../../../typings/timers';
import { messagePushSchemas, type MessagePushAnswer, type MessagePushName, type MessagePushOf } from '../../../typings/xpay';
import { callerContext, isKeyholder, PAY_SYSTEM_SOURCE, requireOperator, TIMER_SOURCE, type CallerContext, type Operator } from './caller';
import { AppError, fail } from './errors';

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

type Handler<T> = (event: unknown) => Promise<Result<T>>;

/** Runs `work` into the answer shape: an AppError is the caller's answer, anything else a bug, logged. */
async function answered<T>(name: string, work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toApiError() };
    console.error(`[${name}] unexpected error`, error);
    return { ok: false, error: { code: 'INTERNAL', message: '服务繁忙，请稍后再试' } };
  }
}

function parseRequest<N extends FunctionName>(name: N, event: unknown): Result<ParsedRequestOf<N>> {
  const schema = requestSchemas[name] as unknown as z.ZodType<ParsedRequestOf<N>>;
  const parsed = schema.safeParse(stripPlatformFields(event ?? {}));
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: { code: 'INVALID_INPUT', message: formatZodError(parsed.error) } };
}

/** A learner's call from a page: the request validated, then an OPENID required. */
export function learnerCall<N extends FunctionName>(
  name: N,
  run: (input: ParsedRequestOf<N>, caller: CallerContext) => Promise<ResponseOf<N>>,
): Handler<ResponseOf<N>> {
  return (event) =>
    answered(name, async () => {
      const caller = callerContext();
      const request = parseRequest(name, event);
      if (!request.ok) return request;
      if (!caller.openid) return { ok: false, error: { code: 'UNAUTHENTICATED', message: '请在微信中打开' } };
      return { ok: true, data: await run(request.data, caller) };
    });
}

/**
 * An operator's call: the role checked first, before the request is validated
 * or anything is read or written, so a learner's junk gets FORBIDDEN, not the
 * schema's details. The key holder has no OPENID; everyone else needs one.
 */
export function operatorCall<N extends FunctionName>(
  name: N,
  run: (input: ParsedRequestOf<N>, operator: Operator, caller: CallerContext) => Promise<ResponseOf<N>>,
): Handler<ResponseOf<N>> {
  return (event) =>
    answered(name, async () => {
      const caller = callerContext();
      const operator = await requireOperator(caller);
      const request = parseRequest(name, event);
      if (!request.ok) return request;
      return { ok: true, data: await run(request.data, operator, caller) };
    });
}

/**
 * WeChat Pay's notification. Only the payment system may send it (anyone else,
 * a learner's client or another function, is refused before anything is read);
 * `errcode: 0` only once the outcome is durable, anything else makes WeChat Pay
 * retry, which it also does when this fails half-way.
 */
export function paySystemNotification<N extends NotificationName>(
  name: N,
  run: (notification: NotificationOf<N>) => Promise<NotificationOutcome>,
): (event: unknown) => Promise<NotificationAnswer> {
  return async (event) => {
    const caller = callerContext();
    if (caller.source !== PAY_SYSTEM_SOURCE) {
      console.warn(`${name} refused an invocation from`, caller.source || 'unknown', caller.openid);
      return { errcode: 403, errmsg: 'FORBIDDEN' };
    }
    const parsed = notificationSchemas[name].safeParse(event);
    if (!parsed.success) return { errcode: 400, errmsg: 'INVALID_NOTIFICATION' };
    const notification = parsed.data as NotificationOf<N>;
    try {
      const outcome = await run(notification);
      if (!outcome.done) {
        console.warn(`${name}: not yet`, outcome.reason, JSON.stringify(notification));
        return { errcode: 1, errmsg: outcome.reason };
      }
      return { errcode: 0, errmsg: outcome.recorded ? 'RECORDED' : 'OK' };
    } catch (error) {
      console.error(`${name} failed, WeChat Pay will retry`, JSON.stringify(notification), error);
      return { errcode: -1, errmsg: 'RETRY' };
    }
  };
}

/** The sources of a mini-program client's call, directly or passed on by a function. */
const CLIENT_SOURCES = ['wx_client', 'wx_devtools'];

/**
 * A message push (消息推送) WeChat delivers to the function. A learner's
 * client is refused before anything is read: any client SOURCE in the chain,
 * or an OPENID in the context with no push shape. The push decides nothing by
 * itself (the domain asks WeChat's API), so a push this function does not
 * handle is acknowledged and logged rather than pushed again forever.
 * `ErrCode: 0` only once the outcome is durable; anything else makes WeChat push again.
 */
export function messagePush<N extends MessagePushName>(
  name: N,
  run: (push: MessagePushOf<N>) => Promise<NotificationOutcome>,
): (event: unknown) => Promise<MessagePushAnswer> {
  return async (event) => {
    const caller = callerContext();
    const chain = caller.source.split(',').map((s) => s.trim());
    const parsed = messagePushSchemas[name].safeParse(stripPlatformFields(event));
    if (chain.some((s) => CLIENT_SOURCES.includes(s)) || (caller.openid && !parsed.success)) {
      console.warn(`${name} refused an invocation from`, caller.source || 'unknown', caller.openid);
      return { ErrCode: 1, ErrMsg: 'forbidden' };
    }
    if (!parsed.success) {
      console.warn(`${name}: not a push it handles, acknowledged`, JSON.stringify(event), formatZodError(parsed.error));
      return { ErrCode: 0, ErrMsg: 'ignored' };
    }
    const push = parsed.data as MessagePushOf<N>;
    try {
      const outcome = await run(push);
      if (!outcome.done) {
        console.warn(`${name}: not yet`, outcome.reason, JSON.stringify(push));
        return { ErrCode: 2, ErrMsg: outcome.reason };
      }
      return { ErrCode: 0, ErrMsg: 'success' };
    } catch (error) {
      console.error(`${name} failed, WeChat will push again`, JSON.stringify(push), error);
      return { ErrCode: -1, ErrMsg: 'retry' };
    }
  };
}

/** A timer's run (config.json `triggers`); the environment's key holder may run it too, no learner. */
export function timerTrigger<N extends TimerName>(name: N, run: () => Promise<TimerReports[N]>): Handler<TimerReports[N]> {
  return () =>
    answered(name, async () => {
      const caller = callerContext();
      if (caller.source !== TIMER_SOURCE && !isKeyholder(caller)) return fail('FORBIDDEN', '无权调用');
      return { ok: true, data: await run() };
    });
}
