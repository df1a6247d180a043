/**
 * How a failed invocation reaches its caller: another function's SDK gets the
 * cloud's `{code, message}` (which it maps through TCB_ERR_CODE), a
 * mini-program gets `wx.cloud.callFunction`'s `{errCode, errMsg}`.
 */
import { EmulatorError, FUNCTIONS_NOT_FOUND } from '../errors';
import type { InvocationOutcome } from './runner';

export const FUNCTIONS_EXECUTE_FAIL = 'FUNCTIONS_EXECUTE_FAIL';

export interface ClientCallError {
  errCode: number;
  errMsg: string;
}

/** What the function's failure says, as SCF reports it: the stack of what was thrown. */
function failureText(outcome: Exclude<InvocationOutcome, { kind: 'returned' }>, name: string): string {
  switch (outcome.kind) {
    case 'threw':
    case 'crashed':
      return outcome.error.stack || `${outcome.error.name}: ${outcome.error.message}`;
    case 'timeout':
      return `Task timed out after ${outcome.seconds} seconds`;
    case 'not-found':
      return `[ResourceNotFound.FunctionName] FunctionName parameter could not be found (${name})`;
  }
}

export function toSdkError(outcome: Exclude<InvocationOutcome, { kind: 'returned' }>, name: string): EmulatorError {
  if (outcome.kind === 'not-found') return new EmulatorError(FUNCTIONS_NOT_FOUND, failureText(outcome, name));
  return new EmulatorError(FUNCTIONS_EXECUTE_FAIL, failureText(outcome, name));
}

export function toClientError(outcome: Exclude<InvocationOutcome, { kind: 'returned' }>, name: string): ClientCallError {
  const text = failureText(outcome, name);
  switch (outcome.kind) {
    case 'not-found':
      return { errCode: -501000, errMsg: `cloud.callFunction:fail Error: errCode: -501000  | errMsg: ${text}` };
    case 'timeout':
      return { errCode: -504003, errMsg: `cloud.callFunction:fail Error: errCode: -504003 functions time out | errMsg: ${text}` };
    default:
      return { errCode: -504002, errMsg: `cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: ${text}` };
  }
}

/**
 * A client's call that the function's security rule refuses. The code and
 * message are CloudBase's for a call stopped by the rules (EXCEED_AUTHORITY,
 * "Request exceeds granted authority"); the numeric errCode that
 * wx.cloud.callFunction shows for it is not documented, so it is -1 here, as
 * the SDKs give for a code they do not map.
 */
export const EXCEED_AUTHORITY = 'EXCEED_AUTHORITY';
export function permissionDenied(reason: string): ClientCallError {
  return { errCode: -1, errMsg: `cloud.callFunction:fail Error: ${EXCEED_AUTHORITY} Request exceeds granted authority | errMsg: ${reason}` };
}
