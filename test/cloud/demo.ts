/**
 * A test cloud with the demo catalog seeded through the real wx-server-sdk,
 * and small helpers that play a learner: call a function and unwrap its
 * `{ok, data}`, buy a course through the pay sheet, read the subscribe messages
 * a learner got.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import { seedDemo } from '../../database-schema/seed/seed';
import { sdkSeedTarget } from '../../database-schema/seed/sdk-target';
import type { FunctionName, RequestOf, ResponseOf } from '../../typings/api';
import type { Result } from '../../typings/result';
import type { RecordedMessage } from '../../emulator/openapi/module';
import { requestJson } from '../http';
import { startTestCloud, type TestCloud } from './index';
import { useSdk } from './sdk';

export async function startDemoCloud(options: Parameters<typeof startTestCloud>[0] = {}): Promise<TestCloud> {
  const cloud = await startTestCloud(options);
  const sdk = useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk;
  await seedDemo(sdkSeedTarget(sdk));
  return cloud;
}

/** A function's `{ok, data}` / `{ok: false, error}` as the mini-program gets it. */
export async function callAs<N extends FunctionName>(
  cloud: TestCloud,
  openid: string,
  name: N,
  data: RequestOf<N> | Record<string, unknown>,
): Promise<Result<ResponseOf<N>>> {
  const answer = await cloud.call<Result<ResponseOf<N>>>(name, data, { openid });
  if (answer.error) throw new Error(`${name} failed as callFunction fails: ${answer.error.errMsg}`);
  return answer.result!;
}

/** The data of a call that must succeed. */
export async function dataOf<N extends FunctionName>(
  cloud: TestCloud,
  openid: string,
  name: N,
  data: RequestOf<N> | Record<string, unknown>,
): Promise<ResponseOf<N>> {
  const result = await callAs(cloud, openid, name, data);
  if (!result.ok) expect.fail(`${name} answered ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** The learner buys a course: order, pay parameters, the pay sheet's "pay". */
export async function buyCourse(cloud: TestCloud, openid: string, courseId: string) {
  const { order } = await dataOf(cloud, openid, 'createOrder', { courseId });
  await dataOf(cloud, openid, 'unifiedPay', { orderId: order.id });
  await cloud.pay.succeed(order.outTradeNo);
  return order;
}

/** The subscribe messages the cloud sent to a learner (the emulator's `GET /api/messages`), oldest first. */
export async function subscribeMessagesTo(cloud: Pick<TestCloud, 'url'>, openid: string): Promise<RecordedMessage[]> {
  const { messages } = await requestJson<{ messages: RecordedMessage[] }>(`${cloud.url}/api/messages`);
  return messages.filter((m) => m.apiName === 'subscribeMessage.send' && m.params.touser === openid);
}

/**
 * A demo cloud for a suite, started before its tests and stopped after, and
 * the SDK's database on it for the test's own writes (moving a deadline).
 */
export function demoCloudForSuite(options: Parameters<typeof startTestCloud>[0] = {}): { cloud: TestCloud; db: ReturnType<typeof WxServerSdk.database> } {
  const suite = {} as { cloud: TestCloud; db: ReturnType<typeof WxServerSdk.database> };
  beforeAll(async () => {
    suite.cloud = await startDemoCloud(options);
    suite.db = (useSdk(suite.cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
  }, 60_000);
  afterAll(() => suite.cloud?.stop());
  return suite;
}
