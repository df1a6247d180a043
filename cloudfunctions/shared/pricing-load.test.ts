/**
 * Money under load, with pricing: 200 purchases at the same moment of
 * courses, bundles and membership plans by 100 learners, two each, most with
 * a coupon they claimed just before (from two templates with less stock than
 * learners claiming; a quarter of them trying one coupon on both purchases at once),
 * every payment notified more than once, then some refunds. Afterwards the
 * books must balance exactly, as WeChat Pay and our orders each tell them:
 * nothing lost, nothing granted twice, no coupon spent twice.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import type { SellableRef } from '../../typings/pricing-api';
import { beijingDay } from './orders/revenue';
import { callAs, dataOf, demoCloudForSuite, putBundle, putPlan } from '../../test/cloud/demo';

const LEARNERS = 100;
const PURCHASES = 2 * LEARNERS;
const suite = demoCloudForSuite({ refundDelayMs: null });

// 9 courses, 2 bundles, 2 plans; a learner's two purchases are 4 apart in this list, never a bundle and all its courses
const ITEMS: SellableRef[] = [
  ...['course-time', 'course-ts', 'course-cloud', 'course-song', 'course-art', 'course-sleep', 'course-run', 'course-english', 'course-japanese'].map((id) => ({ kind: 'course' as const, id })),
  { kind: 'bundle', id: 'load-tech' },
  { kind: 'membership', id: 'load-month' },
  { kind: 'bundle', id: 'load-mixed' },
  { kind: 'membership', id: 'load-year' },
];

type Row = Record<string, unknown>;
const sum = (rows: Row[], value: (row: Row) => number) => rows.reduce((total, row) => total + value(row), 0);
const amount = (row: Row) => row.amountFen as number;

/**
 * createOrder as a page calls it: again after a call that failed as a whole
 * (a function timing out while 200 others queue on a loaded machine), which
 * createOrder answers with the same open order, so a retry never buys twice.
 */
async function orderOnce(openid: string, request: Record<string, unknown>) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await callAs(suite.cloud, openid, 'createOrder', request);
      if (answer.ok || answer.error.code !== 'INTERNAL' || attempt >= 3) return answer;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** A learner's purchase as the confirm page makes it: with the coupon; if another order took it meanwhile, without. */
async function purchase(openid: string, item: SellableRef, couponId: string | null, deliveries: number) {
  let answer = await orderOnce(openid, { ...item, couponId });
  if (!answer.ok && answer.error.code === 'COUPON_USED') answer = await orderOnce(openid, { ...item, couponId: null });
  if (!answer.ok) throw new Error(`${openid} ${item.kind} ${item.id}: ${answer.error.code} ${answer.error.message}`);
  const { order } = answer.data;
  await dataOf(suite.cloud, openid, 'unifiedPay', { orderId: order.id });
  await suite.cloud.pay.succeed(order.outTradeNo, { deliveries });
  return order;
}

describe(`${PURCHASES} concurrent purchases of every kind, with coupons`, () => {
  it('balance: payments less refunds equal the orders kept, each coupon spent by one paid order at most, reconciliation clean', async () => {
    const { db, cloud } = suite;
    await putBundle(db, { _id: 'load-tech', courseIds: ['course-ts', 'course-cloud'], priceFen: 39900 });
    await putBundle(db, { _id: 'load-mixed', courseIds: ['course-song', 'course-art', 'course-time'], priceFen: 19900 });
    await putPlan(db, { _id: 'load-month', days: 30, priceFen: 3000 });
    await putPlan(db, { _id: 'load-year', days: 365, priceFen: 19900 });
    // coupons claimed as learners claim them: two templates whose stock is less than the claims made at once
    const STOCK = 30;
    for (const [id, discount] of [
      // ¥5 off, or 15% off: both fit every item (course-run is ¥9.90)
      ['load-amount', { type: 'amount', amountFen: 500, thresholdFen: 0 }],
      ['load-pct', { type: 'percent', percentOff: 15, thresholdFen: 0 }],
    ] as const) {
      await dataOf(cloud, DEMO_OPERATOR_OPENID, 'adminSaveCouponTemplate', {
        template: { id, title: '压测券', discount, scope: { type: 'all' }, validity: { type: 'days', days: 7 }, stock: STOCK, perLearnerLimit: 1 },
      });
    }
    const claimers = Array.from({ length: LEARNERS }, (_, j) => j).filter((j) => j % 3 !== 0);
    const claims = await Promise.all(claimers.map((j) => callAs(cloud, `o_pl_${j}`, 'claimCoupon', { templateId: j % 2 ? 'load-amount' : 'load-pct' })));
    const couponIds = new Map<number, string>();
    claims.forEach((answer, k) => {
      if (answer.ok) couponIds.set(claimers[k]!, answer.data.coupon.id);
      else expect(answer.error.code).toBe('COUPON_SOLD_OUT');
    });
    // more wanted one than there were: exactly the stock was handed out, never more
    expect(claimers.length).toBeGreaterThan(2 * STOCK);
    expect(couponIds.size).toBe(2 * STOCK);
    const couponOf = (j: number) => couponIds.get(j) ?? null;

    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: PURCHASES }, (_, i) => {
        const j = i % LEARNERS;
        const second = i >= LEARNERS;
        const item = ITEMS[(j + (second ? 4 : 0)) % ITEMS.length]!;
        // one learner in four tries the coupon on both purchases at once: one of them gets it
        const couponId = !second || j % 4 === 0 ? couponOf(j) : null;
        return purchase(`o_pl_${j}`, item, couponId, 1 + (i % 3));
      }),
    );
    const bought = Date.now();
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures, String(failures.map((f) => (f as PromiseRejectedResult).reason))).toEqual([]);

    const mine = { openid: { $regex: '^o_pl_' } };
    let orders = await cloud.find('orders', mine);
    const paid = orders.filter((o) => o.status === 'paid');
    expect(paid).toHaveLength(PURCHASES);
    // refunds: one paid order in seven, each refund notified twice
    const refunded = paid.filter((_, i) => i % 7 === 0);
    await Promise.all(
      refunded.map(async (o) => {
        const { outRefundNo } = await dataOf(cloud, DEMO_OPERATOR_OPENID, 'refundOrder', { orderId: o._id as string, reason: '压测退款' });
        await cloud.pay.completeRefund(outRefundNo, { deliveries: 2 });
      }),
    );
    console.log(`${PURCHASES} purchases in ${bought - started} ms, ${refunded.length} refunds in ${Date.now() - bought} ms`);

    orders = await cloud.find('orders', mine);
    const settled = orders.filter((o) => ['paid', 'refunded'].includes(o.status as string));
    const kept = orders.filter((o) => o.status === 'paid');
    expect(settled).toHaveLength(PURCHASES);
    expect(orders.filter((o) => o.status === 'refunded')).toHaveLength(refunded.length);
    expect(new Set(settled.map((o) => o.kind))).toEqual(new Set(['course', 'bundle', 'membership']));

    // WeChat Pay's side: what it took, less what it gave back
    const ours = new Set(orders.map((o) => o.outTradeNo));
    const payOrders = ((await cloud.pay.orders()) as { outTradeNo: string; state: string; totalFee: number; refunds: { refundFee: number; status: string }[] }[]).filter((p) => ours.has(p.outTradeNo));
    const taken = payOrders.filter((p) => p.state === 'SUCCESS' || p.state === 'REFUND').reduce((total, p) => total + p.totalFee, 0);
    const givenBack = payOrders.flatMap((p) => p.refunds).filter((r) => r.status === 'SUCCESS').reduce((total, r) => total + r.refundFee, 0);
    // ours: one payment a settled order, whatever the duplicate notifications
    const payments = await cloud.find('payments', mine);
    expect(payments).toHaveLength(PURCHASES);
    expect(sum(payments, amount)).toBe(taken);
    expect(taken - givenBack).toBe(sum(kept, amount));
    for (const o of settled) expect(o.pricing, o._id as string).toMatchObject({ totalFen: o.amountFen });

    // coupons: each spent by one paid order at most, and every coupon's state is its order's
    const coupons = await cloud.find('coupons', { templateId: { $in: ['load-amount', 'load-pct'] } });
    expect(coupons).toHaveLength(2 * STOCK);
    for (const t of await cloud.find('couponTemplates', { _id: { $in: ['load-amount', 'load-pct'] } })) expect(t).toMatchObject({ claimed: STOCK, stock: STOCK });
    const byCoupon = new Map<string, Row[]>();
    for (const o of settled) {
      const couponId = (o.pricing as { couponId: string | null }).couponId;
      if (couponId) byCoupon.set(couponId, [...(byCoupon.get(couponId) ?? []), o]);
    }
    expect([...byCoupon.values()].filter((spenders) => spenders.length > 1)).toEqual([]);
    expect(byCoupon.size).toBe(2 * STOCK);
    for (const c of coupons) {
      const spender = byCoupon.get(c._id as string)?.[0];
      if (spender) expect(c, c._id as string).toMatchObject({ status: 'used', orderId: spender._id });
      else expect(c, c._id as string).toMatchObject({ status: 'available', orderId: null });
    }

    // what the kept orders bought, and nothing else: courses (directly or by a bundle) and membership days
    const entitlements = await cloud.find('entitlements', { ...mine, status: 'active' });
    const keptIds = new Set(kept.map((o) => o._id));
    expect(entitlements.filter((e) => !keptIds.has(e.orderId))).toEqual([]);
    const granted = kept.flatMap((o) => (o.kind === 'bundle' ? (o.grantedCourseIds as string[]) : o.kind === 'course' ? [o.courseId as string] : []).map((c) => `${o.openid}_${c}`));
    expect(entitlements.map((e) => e._id).sort()).toEqual(granted.sort());
    const memberships = await cloud.find('memberships', mine);
    for (const m of memberships) {
      const plans = kept.filter((o) => o.kind === 'membership' && o.openid === m.openid);
      expect((m.orderIds as string[]).sort(), m.openid as string).toEqual(plans.map((o) => o._id).sort());
    }
    expect(await cloud.find('incidents')).toEqual([]);

    const today = beijingDay(new Date());
    const reconciled = await dataOf(cloud, DEMO_OPERATOR_OPENID, 'adminReconcile', { from: beijingDay(new Date(Date.now() - 24 * 3600_000)), to: today });
    expect(reconciled).toMatchObject({ findings: [], truncated: false });
    expect(reconciled.checked).toBeGreaterThanOrEqual(orders.length);
    const revenue = await dataOf(cloud, DEMO_OPERATOR_OPENID, 'adminRevenue', { from: today, to: today });
    expect(revenue.total.netFen).toBe(taken - givenBack);
  }, 240_000);
});
