/**
 * The real wx-server-sdk in the test's own process, pointed at an emulator:
 * for seeding data, and for contract tests of what the SDK sends and accepts.
 * getWXContext() reads process.env, so the identity is the process's until
 * `useSdk` is called again.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The SDK's surface that the tests use, loosely typed: its own typings lack cloudPay. */
export interface Sdk {
  init(options?: { env?: string }): void;
  getWXContext(): Record<string, unknown>;
  database(): unknown;
  callFunction(options: { name: string; data?: unknown }): Promise<{ result: unknown }>;
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  getTempFileURL(options: { fileList: (string | { fileID: string; maxAge?: number })[] }): Promise<{
    fileList: { fileID: string; tempFileURL: string; status: number; errMsg: string; maxAge?: number }[];
  }>;
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Buffer }>;
  deleteFile(options: { fileList: string[] }): Promise<{ fileList: { fileID: string; status: number; errMsg: string }[] }>;
  cloudPay: Record<string, (data: Record<string, unknown>) => Promise<Record<string, unknown>>>;
  openapi: {
    subscribeMessage: { send(data: Record<string, unknown>): Promise<Record<string, unknown>> };
    security: { msgSecCheck(data: Record<string, unknown>): Promise<Record<string, unknown>> };
  };
}

export function useSdk(env: Record<string, string>): Sdk {
  Object.assign(process.env, env);
  const sdk = require('wx-server-sdk') as Sdk & { DYNAMIC_CURRENT_ENV: string };
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
  return sdk;
}
