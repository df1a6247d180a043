import type { ApiError, ErrorCode } from '../../../typings/result';

/** An expected refusal, answered as `{ok: false, error}`. Anything else thrown is a bug. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message };
  }
}

export const fail = (code: ErrorCode, message: string): never => {
  throw new AppError(code, message);
};
