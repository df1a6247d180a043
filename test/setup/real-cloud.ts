/**
 * globalSetup of the 'miniprogram-cloud' project: the page tests that talk to
 * the real cloud functions. jsdom test files cannot run the emulator themselves
 * (esbuild and bson break under jsdom's TextEncoder), so it runs here, in
 * vitest's own Node process: the functions are bundled, one emulator starts on
 * a free port with a temporary data folder and the demo catalog, and its URL is
 * handed to the tests (`inject('realCloudUrl')`, see test/miniprogram/real-cloud.ts).
 */
import type { TestProject } from 'vitest/node';
import type * as WxServerSdk from 'wx-server-sdk';
import { seedDemo } from '../../database-schema/seed/seed';
import { sdkSeedTarget } from '../../database-schema/seed/sdk-target';
import { buildFunctions } from '../../scripts/build-lib';
import { startTestCloud } from '../cloud/index';
import { useSdk } from '../cloud/sdk';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:PORT` of the emulator the page tests call */
    realCloudUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildFunctions();
  const cloud = await startTestCloud();
  // useSdk points this process's wx-server-sdk at the emulator through process.env;
  // test workers are started from this process later, so put the environment back.
  const saved = { ...process.env };
  try {
    const sdk = useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk;
    await seedDemo(sdkSeedTarget(sdk));
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  project.provide('realCloudUrl', cloud.url);
  return () => cloud.stop();
}
