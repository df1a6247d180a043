/** `npm run ops -- xpay-products --local`: the virtual payment products the catalog needs, and a back office's list checked against them. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCloudForSuite } from '../../test/cloud/demo';
import { opsOn } from '../../test/cloud/ops';
import { xpayProducts } from './xpay-products';

const suite = demoCloudForSuite();
const ops = opsOn(() => suite.cloud);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ops-xpay-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const rowsOf = (out: string) =>
  out
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));

describe('ops xpay-products', () => {
  it('lists each published course at list and member price, the bundle and the plans, as the engine prices them', async () => {
    const listed = await ops('xpay-products');
    expect(listed.code).toBe(0);
    const rows = rowsOf(listed.out);
    const ids = rows.map((r) => r[0]);
    // course-ts: ¥199, members ¥149 (seed catalog); course-time has no member price: one product
    expect(rows).toEqual(expect.arrayContaining([['course_ts_19900', '19900', 'TypeScript 从入门到实战'], ['course_ts_14900', '14900', 'TypeScript 从入门到实战（会员价）']]));
    expect(ids.filter((id) => id!.startsWith('course_time_'))).toEqual(['course_time_9900']);
    expect(ids).toEqual(expect.arrayContaining(['bundle_fullstack_39900', 'plan_month_3000', 'plan_year_19800']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(listed.err).toContain(`${rows.length} products`);
  });

  it('--check names the products missing and those priced otherwise, exit 1; all there, exit 0', async () => {
    const rows = rowsOf((await ops('xpay-products')).out);
    const all = rows.map(([productId, priceFen]) => ({ productId: productId!, priceFen: Number(priceFen) }));
    const partial = all.filter((p) => p.productId !== 'plan_year_19800').map((p) => (p.productId === 'course_ts_19900' ? { ...p, priceFen: 19800 } : p));
    const json = path.join(dir, 'partial.json');
    await writeFile(json, JSON.stringify(partial));
    const checked = await ops('xpay-products', '--check', json);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain('missing: plan_year_19800 19800 fen');
    expect(checked.out).toContain('mismatched: course_ts_19900 is 19800 fen in the back office, 19900 fen here');
    expect(checked.out.match(/missing|mismatched/g)).toHaveLength(2);

    const csv = path.join(dir, 'all.csv');
    await writeFile(csv, ['productId,priceFen,name', ...all.map((p) => `${p.productId},${p.priceFen},"x"`)].join('\n'));
    const complete = await ops('xpay-products', '--check', csv);
    expect(complete).toMatchObject({ code: 0 });
    expect(complete.out).toContain('every product is there at its price');
  });

  it('warns that an owned-course credit makes bundle prices no product has', () => {
    const catalog = { courses: [], bundles: [{ _id: 'b', title: '专栏', priceFen: 10000 }], plans: [] };
    expect(xpayProducts(catalog, { bundleOwnedCreditPercent: 0 })).toEqual({ products: [expect.objectContaining({ productId: 'bundle_b_10000', priceFen: 10000 })], warnings: [] });
    expect(xpayProducts(catalog, { bundleOwnedCreditPercent: 50 }).warnings[0]).toContain('bundleOwnedCreditPercent is 50');
  });
});
