import { CodedError } from '../lib/http';

/**
 * A refusal the emulator answers the way Tencent's cloud does: HTTP 200 with
 * `{code, message, requestId}`. The SDK maps `code` through its TCB_ERR_CODE
 * table, e.g. DATABASE_TRANSACTION_CONFLICT makes runTransaction retry.
 */
export class EmulatorError extends CodedError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'EmulatorError';
  }
}

export const DATABASE_REQUEST_FAILED = 'DATABASE_REQUEST_FAILED';
export const DATABASE_TRANSACTION_CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';
export const DATABASE_COLLECTION_NOT_EXIST = 'DATABASE_COLLECTION_NOT_EXIST';
export const STORAGE_FILE_NONEXIST = 'STORAGE_FILE_NONEXIST';
export const FUNCTIONS_NOT_FOUND = 'FUNCTION_NOT_FOUND';
