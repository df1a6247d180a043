/**
 * Who a cloud function invocation runs as: what `getWXContext()` answers.
 * The functions read it (cloudfunctions/shared/platform/caller.ts); the local
 * cloud hands it to them (emulator/functions). Declared once for both.
 */
export interface CallerIdentity {
  openid: string;
  appid: string;
  unionid: string;
  /**
   * who invoked the function, a chain when one function calls another:
   * `wx_client`, `wx_paycallback`, `wx_trigger`, `wx_client,scf`...
   */
  source: string;
}

/** A caller inside a function: also the cloud environment the function runs in. */
export interface CallerContext extends CallerIdentity {
  env: string;
}

/** WeChat Pay's notifications arrive with this SOURCE, and nothing else does. */
export const PAY_SYSTEM_SOURCE = 'wx_paycallback';
/** A timer trigger's invocation (a function's config.json `triggers`). */
export const TIMER_SOURCE = 'wx_trigger';
/** 消息推送 to a cloud function (virtual payment's delivery and refund pushes) arrives with this SOURCE. */
export const MSG_PUSH_SOURCE = 'wx_msgpush';
