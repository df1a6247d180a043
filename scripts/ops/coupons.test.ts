/** `npm run ops -- coupons --local`: list, create from a file (checked first), dry run, and recount, through the operator functions. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couponId } from '../../database-schema/couponClaims/schema';
import type { CouponTemplateInput } from '../../typings/pricing-api';
import { dataOf, demoCloudForSuite } from '../../test/cloud/demo';
import { opsOn } from '../../test/cloud/ops';

const suite = demoCloudForSuite();
const ops = opsOn(() => suite.cloud);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ops-coupons-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: unknown): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

const TEMPLATE: CouponTemplateInput = {
  id: 'ops-spring',
  title: '春季满减',
  discount: { type: 'amount', amountFen: 3000, thresholdFen: 19900 },
  scope: { type: 'all' },
  validity: { type: 'window', from: '2026-03-01T00:00:00+08:00', until: '2099-04-01T00:00:00+08:00' },
  stock: 3,
  perLearnerLimit: 1,
};
const templateDoc = async (id: string) => (await suite.cloud.find('couponTemplates', { _id: id }))[0];

describe('ops coupons', () => {
  it('lists the seeded templates', async () => {
    const listed = await ops('coupons');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^2 coupon templates on the local emulator/);
    expect(listed.out).toContain('new-user-10  active');
    expect(listed.out).toContain('无门槛减10 · 全场通用 · 领取后 30 天内有效');
    expect(listed.out).toContain('bundle-50  active');
    expect(listed.out).toContain('满199减50 · 专栏可用');
    expect(listed.out).toContain('claimed 0/1000, used 0, 1 per learner');
  });

  it('creates a template from a file after a dry run that wrote nothing, then updates it', async () => {
    const p = await file('spring.json', TEMPLATE);
    const dry = await ops('coupons', '--create', p, '--dry-run');
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toContain('would be created; --dry-run: nothing written');
    expect(dry.out).toContain('ops-spring  active  春季满减  满199减30 · 全场通用 · 2026-03-01 至 2099-03-31');
    expect(await templateDoc('ops-spring')).toBeUndefined();

    const created = await ops('coupons', '--create', p);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^created\n {2}ops-spring/);
    expect(await templateDoc('ops-spring')).toMatchObject({ stock: 3, claimed: 0, status: 'active' });

    const updated = await ops('coupons', '--create', await file('spring-2.json', { ...TEMPLATE, stock: 30, status: 'stopped' }));
    expect(updated.out).toMatch(/^updated\n/);
    expect(updated.out).toContain('claimed 0/30');
    expect(await templateDoc('ops-spring')).toMatchObject({ stock: 30, status: 'stopped' });
    expect((await ops('coupons')).out).toMatch(/^3 coupon templates/);
  });

  it('tells every problem of a bad file before anything is sent, and refuses odd usage', async () => {
    const bad = await file('bad.json', { ...TEMPLATE, id: 'Bad ID', stock: 0, discount: { type: 'amount', amountFen: 0, thresholdFen: 0 }, extra: 1 });
    const refused = await ops('coupons', '--create', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('is not a coupon template');
    expect(refused.err).toMatch(/ {2}id: /);
    expect(refused.err).toMatch(/ {2}stock: /);
    expect(refused.err).toMatch(/ {2}discount\.amountFen: /);
    expect(refused.err).toContain('extra');
    expect(await suite.cloud.find('couponTemplates', { _id: 'Bad ID' })).toEqual([]);

    expect((await ops('coupons', '--create', await file('not.json', '{ nope'))).err).toContain('is not JSON');
    expect((await ops('coupons', '--create', path.join(dir, 'missing.json'))).err).toContain('cannot read');
    expect((await ops('coupons', '--dry-run')).code).toBe(2);
    expect((await ops('coupons', 'list')).code).toBe(2);
    expect((await ops('coupons', '--page', '0')).code).toBe(2);
    // the function's own refusal comes through: a stock below what was claimed
    await dataOf(suite.cloud, 'o_ops_cp_1', 'claimCoupon', { templateId: 'new-user-10' });
    await dataOf(suite.cloud, 'o_ops_cp_2', 'claimCoupon', { templateId: 'new-user-10' });
    const below = await ops(
      'coupons',
      '--create',
      await file('below.json', { id: 'new-user-10', title: '新人专享', discount: { type: 'amount', amountFen: 1000, thresholdFen: 0 }, scope: { type: 'all' }, validity: { type: 'days', days: 30 }, stock: 1 }),
    );
    expect(below.code).toBe(1);
    expect(below.err).toContain('INVALID_INPUT');
  });

  it('recounts claimed from the coupons that exist, after a unit leaked', async () => {
    await ops('coupons', '--create', await file('leak.json', { ...TEMPLATE, id: 'ops-leak', stock: 5 }));
    await dataOf(suite.cloud, 'o_ops_leak', 'claimCoupon', { templateId: 'ops-leak' });
    // a claim that took its unit and died before its coupon was written
    await suite.db.collection('couponTemplates').doc('ops-leak').update({ data: { claimed: 3 } });

    const fixed = await ops('coupons', '--recount', 'ops-leak');
    expect(fixed).toMatchObject({ code: 0, out: 'ops-leak: claimed 3 → 1 (the coupons that exist)' });
    expect(await templateDoc('ops-leak')).toMatchObject({ claimed: 1 });
    expect((await suite.cloud.find('coupons', { _id: couponId('ops-leak', 'o_ops_leak', 1) })).length).toBe(1);
    expect((await ops('coupons', '--recount', 'ops-leak')).out).toBe('ops-leak: claimed 1, as the coupons that exist; nothing to change');

    const missing = await ops('coupons', '--recount', 'no-such');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no coupon template no-such');
  });
});
