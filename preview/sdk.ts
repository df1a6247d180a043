/**
 * The real wx-server-sdk in the preview's own process, pointed at the emulator
 * as a cloud function would be: it seeds the demo catalog and answers the
 * preview's storage requests (temp URLs, uploads) with the cloud's own rules.
 */
import { createRequire } from 'node:module';
import type { Emulator } from '../emulator';

const require = createRequire(import.meta.url);

export interface PreviewSdk {
  database(): unknown;
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  getTempFileURL(options: { fileList: string[] }): Promise<{ fileList: { fileID: string; tempFileURL: string; status: number; errMsg: string }[] }>;
}

/** getWXContext() reads process.env, so the process is the one "function" this SDK speaks for. */
export function sdkFor(emulator: Emulator): PreviewSdk {
  Object.assign(process.env, emulator.sdkEnv({ source: 'wx_cloudfunction' }));
  const sdk = require('wx-server-sdk') as PreviewSdk & { init(o: { env: string }): void };
  sdk.init({ env: emulator.envId });
  return sdk;
}
