/**
 * A test cloud with the demo catalog seeded through the real wx-server-sdk,
 * and small helpers that play a learner: call a function and unwrap its
 * `{ok, data}`, buy a course (or a bundle, a plan) through the pay sheet, read
 * the subscribe messages a learner got; and bundles, plans and coupons written
 * straight into the database for a test to buy with.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import { seedDemo } from '../../database-schema/seed/seed';
import { sdkSeedTarget } from '../../database-schema/seed/sdk-target';
import type { FunctionName, RequestOf, ResponseOf } from '../../typings/api';
import type { Result } from '../../typings/result';
import type { RecordedMessage } from '../../emulator/openapi/module';
import { bundleSchema, type BundleDoc } from '../../database-schema/bundles/schema';
import { couponSchema, type CouponDoc } from '../../database-schema/coupons/schema';
import { membershipPlanSchema, type MembershipPlanDoc } from '../../database-schema/membershipPlans/schema';
import type { SellableRef } from '../../typings/pricing-api';
import { requestJson } from '../http';
import { startTestCloud, type SucceedOptions, type TestCloud } from './index';
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

/** The learner buys a course, bundle or plan, with a coupon if one is given, as `buyCourse` does. */
export async function buyItem(cloud: TestCloud, openid: string, item: SellableRef & { couponId?: string | null }, succeed: SucceedOptions = {}) {
  const { order } = await dataOf(cloud, openid, 'createOrder', { kind: item.kind, id: item.id, couponId: item.couponId ?? null });
  await dataOf(cloud, openid, 'unifiedPay', { orderId: order.id });
  await cloud.pay.succeed(order.outTradeNo, succeed);
  return order;
}

export const buyBundle = (cloud: TestCloud, openid: string, bundleId: string, couponId: string | null = null) => buyItem(cloud, openid, { kind: 'bundle', id: bundleId, couponId });
export const buyPlan = (cloud: TestCloud, openid: string, planId: string, couponId: string | null = null) => buyItem(cloud, openid, { kind: 'membership', id: planId, couponId });

type Db = ReturnType<typeof WxServerSdk.database>;
const HOUR = 3600_000;

/** A published bundle written straight into the database (the cover: its first course's), its schema checked. */
export async function putBundle(db: Db, fields: Pick<BundleDoc, '_id' | 'courseIds' | 'priceFen'> & Partial<BundleDoc>): Promise<BundleDoc> {
  const first = (await db.collection('courses').doc(fields.courseIds[0]!).get()) as unknown as { data: { coverFileId: string } };
  const now = new Date();
  const doc = bundleSchema.parse({ title: `专栏 ${fields._id}`, subtitle: '', description: '', coverFileId: first.data.coverFileId, status: 'published', salesCount: 0, createdAt: now, updatedAt: now, ...fields });
  const { _id, ...data } = doc;
  await db.collection('bundles').doc(_id).set({ data });
  return doc;
}

/** A published membership plan written straight into the database, its schema checked. */
export async function putPlan(db: Db, fields: Pick<MembershipPlanDoc, '_id' | 'days' | 'priceFen'> & Partial<MembershipPlanDoc>): Promise<MembershipPlanDoc> {
  const now = new Date();
  const doc = membershipPlanSchema.parse({ title: `会员 ${fields._id}`, benefits: [], status: 'published', sort: 0, salesCount: 0, createdAt: now, updatedAt: now, ...fields });
  const { _id, ...data } = doc;
  await db.collection('membershipPlans').doc(_id).set({ data });
  return doc;
}

/**
 * A coupon in a learner's hands written straight into the database, its
 * schema checked: by default ¥10 off anything, no threshold, valid from an
 * hour ago for a week, available.
 */
export async function putCoupon(db: Db, fields: Pick<CouponDoc, '_id' | 'openid'> & Partial<CouponDoc>): Promise<CouponDoc> {
  const now = Date.now();
  const doc = couponSchema.parse({
    templateId: 'tpl-test',
    _openid: fields.openid,
    title: '测试券',
    discount: { type: 'amount', amountFen: 1000, thresholdFen: 0 },
    scope: { type: 'all' },
    validFrom: new Date(now - HOUR),
    validUntil: new Date(now + 7 * 24 * HOUR),
    status: 'available',
    orderId: null,
    claimedAt: new Date(now - HOUR),
    usedAt: null,
    updatedAt: new Date(now - HOUR),
    ...fields,
  });
  const { _id, ...data } = doc;
  await db.collection('coupons').doc(_id).set({ data });
  return doc;
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
