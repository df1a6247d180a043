/** `npm run ops -- plans --local`: list, and create or update from a file (checked locally, or a dry run), through the operator functions. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCloudForSuite } from '../../test/cloud/demo';
import { opsOn } from '../../test/cloud/ops';

const suite = demoCloudForSuite();
const ops = opsOn(() => suite.cloud);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ops-plans-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: unknown): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, JSON.stringify(content));
  return p;
}

describe('ops plans', () => {
  it('lists the plans in display order with their benefits', async () => {
    const listed = await ops('plans');
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.out).toContain('2 membership plans on the local emulator');
    expect(listed.out).toMatch(/month {2}published {2}#1 {2}30 days {2}3000 fen {2}sold 36 {2}月卡[\s\S]*year {2}published {2}#2 {2}365 days/);
    expect(listed.out).toContain('会员专享价购买精品课');
  });

  it('creates and updates plans from a file, a dry run first writing nothing, the sales kept', async () => {
    const p = await file('plans.json', [
      { id: 'quarter', title: '季卡', days: 90, priceFen: 6800, benefits: ['90 天畅学'], status: 'published', sort: 2 },
      { id: 'month', title: '月卡', days: 30, priceFen: 2500, sort: 1, status: 'published' },
    ]);
    const dry = await ops('plans', '--create', p, '--dry-run');
    expect(dry.out).toContain('would create quarter');
    expect(dry.out).toContain('would update month');
    expect(await suite.cloud.find('membershipPlans', { _id: 'quarter' })).toEqual([]);
    const saved = await ops('plans', '--create', p);
    expect(saved).toMatchObject({ code: 0 });
    expect(saved.out).toContain('created quarter');
    expect((await suite.cloud.find('membershipPlans', { _id: 'month' }))[0]).toMatchObject({ priceFen: 2500, salesCount: 36, benefits: [] });
    expect((await ops('plans')).out).toContain('3 membership plans');
  });

  it('refuses a plan the schema refuses, sending nothing, and usage errors', async () => {
    const bad = await ops('plans', '--create', await file('bad.json', { id: 'week', title: '周卡', days: 0, priceFen: 990 }));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/plan 1 \(week\): days:/);
    expect(await suite.cloud.find('membershipPlans', { _id: 'week' })).toEqual([]);
    expect((await ops('plans', '--dry-run')).code).toBe(2);
    expect((await ops('plans', '--create', path.join(dir, 'absent.json'))).code).toBe(2);
  });
});
