/**
 * Operators' orders, revenue and reconciliation through the emulator, in a
 * cloud of their own so that counts are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { beijingDay } from '../shared/orders/revenue';
import { buyCourse, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { useSdk } from '../../test/cloud/sdk';

let cloud: TestCloud;
let db: ReturnType<typeof WxServerSdk.database>;
const OP = DEMO_OPERATOR_OPENID;
const today = beijingDay(new Date());
// from yesterday, so that a run across midnight (Beijing) still sees every order
const since = beijingDay(new Date(Date.now() - 24 * 3600_000));
let paidTime: { id: string; outTradeNo: string };
let paidTs: { id: string; outTradeNo: string };
let refunded: { id: string; outTradeNo: string };
let unpaid: { id: string; outTradeNo: string };

beforeAll(async () => {
  cloud = await startDemoCloud();
  db = (useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
  paidTime = await buyCourse(cloud, 'o_lo_a', 'course-time');
  paidTs = await buyCourse(cloud, 'o_lo_b', 'course-ts');
  refunded = await buyCourse(cloud, 'o_lo_c', 'course-time');
  const { outRefundNo } = await dataOf(cloud, OP, 'refundOrder', { orderId: refunded.id, reason: '测试' });
  // refunds complete by themselves in this cloud; wait for the notification's work
  for (let i = 0; i < 100 && (await cloud.find('orders', { _id: refunded.id }))[0]!.status !== 'refunded'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(outRefundNo).toBe(`R${refunded.outTradeNo}`);
  unpaid = (await dataOf(cloud, 'o_lo_d', 'createOrder', { courseId: 'course-ts' })).order;
}, 90_000);
afterAll(() => cloud?.stop());

describe('adminListOrders', () => {
  it('lists orders by status and creation day, newest first, with the buyer', async () => {
    const all = await dataOf(cloud, OP, 'adminListOrders', { from: since, to: today });
    expect(all.total).toBe(4);
    expect(all.items.map((o) => o.id)).toEqual([unpaid.id, refunded.id, paidTs.id, paidTime.id]);
    const paid = await dataOf(cloud, OP, 'adminListOrders', { status: 'paid' });
    expect(paid.items.map((o) => o.id).sort()).toEqual([paidTime.id, paidTs.id].sort());
    expect(paid.items.find((o) => o.id === paidTs.id)).toMatchObject({ openid: 'o_lo_b', courseId: 'course-ts', amountFen: 19900, paidAt: expect.any(Number) });
    const done = await dataOf(cloud, OP, 'adminListOrders', { status: 'refunded' });
    expect(done.items).toEqual([expect.objectContaining({ id: refunded.id, outRefundNo: `R${refunded.outTradeNo}`, refundedAt: expect.any(Number) })]);
    const paged = await dataOf(cloud, OP, 'adminListOrders', { pageSize: 3 });
    expect(paged).toMatchObject({ hasMore: true, total: 4 });
    expect((await dataOf(cloud, OP, 'adminListOrders', { from: '2020-01-01', to: '2020-01-31' })).items).toEqual([]);
  });
});

describe('adminRevenue', () => {
  it('counts paid less refunded, by day and by course, in fen', async () => {
    const report = await dataOf(cloud, OP, 'adminRevenue', { from: since, to: today });
    const time = 9900;
    const ts = 19900;
    // at list price, nothing off: gross is what was paid
    expect(report.total).toEqual({ paidCount: 3, grossFen: 2 * time + ts, discountFen: 0, paidFen: 2 * time + ts, refundedCount: 1, refundedFen: time, netFen: time + ts });
    expect(report.days.at(-1)).toMatchObject({ date: today });
    expect(report.days.reduce((sum, d) => sum + d.netFen, 0)).toBe(time + ts);
    expect(report.courses).toEqual([
      { courseId: 'course-ts', courseTitle: expect.any(String), paidCount: 1, grossFen: ts, discountFen: 0, paidFen: ts, refundedCount: 0, refundedFen: 0, netFen: ts },
      { courseId: 'course-time', courseTitle: expect.any(String), paidCount: 2, grossFen: 2 * time, discountFen: 0, paidFen: 2 * time, refundedCount: 1, refundedFen: time, netFen: time },
    ]);
    const none = await dataOf(cloud, OP, 'adminRevenue', { from: '2020-01-01', to: '2020-12-31' });
    expect(none.total.paidCount).toBe(0);
    const backwards = await cloud.call<{ ok: boolean; error?: { code: string } }>('adminRevenue', { from: today, to: '2020-01-01' }, { openid: OP });
    expect(backwards.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('adminReconcile', () => {
  it('finds planted mismatches both ways, and fixes money taken but not recorded through the settlement code', async () => {
    // WeChat Pay took the money, but our order was closed and nothing granted
    const lost = await buyCourse(cloud, 'o_lo_lost', 'course-ts');
    await db.collection('orders').doc(lost.id).update({ data: { status: 'closed', paidAt: null } });
    await db.collection('entitlements').doc(`o_lo_lost_course-ts`).remove();
    // our order says paid, WeChat Pay never saw the money
    await db.collection('orders').doc(unpaid.id).update({ data: { status: 'paid', paidAt: new Date() } });

    const report = await dataOf(cloud, OP, 'adminReconcile', { from: since, to: today });
    expect(report.checked).toBe(5);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'paid_not_recorded', orderId: lost.id, ourStatus: 'closed', payState: 'SUCCESS', fixed: false }),
        expect.objectContaining({ kind: 'recorded_not_paid', orderId: unpaid.id, ourStatus: 'paid', fixed: false }),
      ]),
    );
    expect(report.findings).toHaveLength(2);

    const fixed = await dataOf(cloud, OP, 'adminReconcile', { from: since, to: today, fix: true });
    expect(fixed.findings.find((f) => f.orderId === lost.id)).toMatchObject({ fixed: true });
    expect((await cloud.find('orders', { _id: lost.id }))[0]).toMatchObject({ status: 'paid' });
    expect((await cloud.find('entitlements', { openid: 'o_lo_lost', courseId: 'course-ts' }))[0]).toMatchObject({ status: 'active' });
    const after = await dataOf(cloud, OP, 'adminReconcile', { from: since, to: today });
    expect(after.findings.map((f) => f.kind)).toEqual(['recorded_not_paid']);
  });
});
