/**
 * The typed client of the cloud functions: one call each, request and response
 * types from typings/ (imported as types only, so nothing outside
 * miniprogram/ is needed on the phone).
 */
import type { FunctionName, RequestOf, ResponseOf } from '../../typings/api';
import type { ErrorCode, Result } from '../../typings/result';

/** Errors a page may see: the functions' codes, and the network's. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

export class CloudError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CloudError';
  }
}

export async function call<N extends FunctionName>(name: N, data: RequestOf<N>): Promise<ResponseOf<N>> {
  let result: Result<ResponseOf<N>> | undefined;
  try {
    const res = await wx.cloud.callFunction({ name, data: data as WechatMiniprogram.IAnyObject });
    result = res.result as Result<ResponseOf<N>> | undefined;
  } catch (error) {
    console.warn(`[cloud] ${name} failed`, error);
    throw new CloudError('NETWORK', '网络不给力，请稍后重试');
  }
  if (!result || typeof result !== 'object' || !('ok' in result)) {
    throw new CloudError('INTERNAL', '服务返回异常，请稍后重试');
  }
  if (!result.ok) throw new CloudError(result.error.code, result.error.message);
  return result.data;
}

/** The message to show for any error a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof CloudError) return error.message;
  return '出了点问题，请稍后重试';
}
