/**
 * Money under load: 200 learners buy at the same moment, through the real
 * functions, the emulator's WeChat Pay and its notifications. Afterwards the
 * books must balance exactly: nothing lost, nothing granted twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCourses } from '../../database-schema/seed/catalog';
import { buyCourse, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';

const PURCHASES = 200;

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
}, 60_000);
afterAll(() => cloud?.stop());

describe(`${PURCHASES} concurrent purchases`, () => {
  it('leave payments equal to paid orders, one entitlement per paid order', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: PURCHASES }, (_, i) => buyCourse(cloud, `o_load_${i}`, seedCourses[i % seedCourses.length]!.id)),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures, String(failures.map((f) => (f as PromiseRejectedResult).reason))).toEqual([]);

    const orders = await cloud.find('orders', { openid: { $regex: '^o_load_' } });
    const paid = orders.filter((o) => o.status === 'paid');
    const payments = await cloud.find('payments', { openid: { $regex: '^o_load_' } });
    const entitlements = await cloud.find('entitlements', { openid: { $regex: '^o_load_' }, status: 'active' });
    expect(orders).toHaveLength(PURCHASES);
    expect(paid).toHaveLength(PURCHASES);
    expect(payments).toHaveLength(PURCHASES);
    const sum = (rows: Record<string, unknown>[], field: string) => rows.reduce((total, row) => total + (row[field] as number), 0);
    expect(sum(payments, 'amountFen')).toBe(sum(paid, 'amountFen'));
    expect(new Set(entitlements.map((e) => e.orderId))).toEqual(new Set(paid.map((o) => o._id)));
    expect(await cloud.find('incidents')).toEqual([]);
  }, 240_000);
});
