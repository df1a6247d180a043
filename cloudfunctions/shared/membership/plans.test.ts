/** Membership plans (会员) through the real wx-server-sdk: the plans on sale with the caller's membership, and operators' saves. */
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../../database-schema/seed/seed';
import type { PlanInput } from '../../../typings/pricing-api';
import { callAs, dataOf, demoCloudForSuite } from '../../../test/cloud/demo';

const suite = demoCloudForSuite();
const OP = DEMO_OPERATOR_OPENID;
const DAY = 24 * 3600 * 1000;

const planInput = (id: string, overrides: Partial<PlanInput> = {}): PlanInput => ({ id, title: `测试卡 ${id}`, days: 7, priceFen: 990, benefits: ['7 天畅学'], status: 'published', sort: 5, ...overrides });

describe('listPlans', () => {
  it('lists the published plans in order, a stranger’s empty membership, and how many courses members open', async () => {
    const listed = await dataOf(suite.cloud, 'o_pl_stranger', 'listPlans', {});
    expect(listed.plans).toEqual([
      { id: 'month', title: '月卡', days: 30, priceFen: 3000, benefits: expect.arrayContaining(['30 天畅学全部会员课程']) },
      { id: 'year', title: '年卡', days: 365, priceFen: 19800, benefits: expect.any(Array) },
    ]);
    expect(listed.membership).toEqual({ active: false, until: null });
    expect(listed.memberCourseCount).toBe(3);
  });

  it('says whether the caller’s membership is valid now, and until when', async () => {
    const { cloud, db } = suite;
    const ahead = new Date(Date.now() + 10 * DAY);
    const past = new Date(Date.now() - DAY);
    await db.collection('memberships').doc('o_pl_member').set({ data: { openid: 'o_pl_member', _openid: 'o_pl_member', until: ahead, orderIds: [], updatedAt: new Date() } });
    await db.collection('memberships').doc('o_pl_lapsed').set({ data: { openid: 'o_pl_lapsed', _openid: 'o_pl_lapsed', until: past, orderIds: [], updatedAt: new Date() } });
    expect((await dataOf(cloud, 'o_pl_member', 'listPlans', {})).membership).toEqual({ active: true, until: ahead.getTime() });
    expect((await dataOf(cloud, 'o_pl_lapsed', 'listPlans', {})).membership).toEqual({ active: false, until: past.getTime() });
  });
});

describe('adminSavePlan and adminListPlans', () => {
  it('creates a draft plan learners do not see, publishes it, and keeps the sales on an update', async () => {
    const { cloud } = suite;
    const dry = await dataOf(cloud, OP, 'adminSavePlan', { plan: planInput('week'), dryRun: true });
    expect(dry).toMatchObject({ created: true, dryRun: true, plan: { id: 'week', salesCount: 0 } });
    expect(await cloud.find('membershipPlans', { _id: 'week' })).toEqual([]);

    expect((await dataOf(cloud, OP, 'adminSavePlan', { plan: planInput('week', { status: 'draft' }) })).created).toBe(true);
    expect((await dataOf(cloud, 'o_pl_stranger', 'listPlans', {})).plans.map((p) => p.id)).toEqual(['month', 'year']);
    const published = await dataOf(cloud, OP, 'adminSavePlan', { plan: planInput('week', { sort: 0 }) });
    expect(published).toMatchObject({ created: false, plan: { status: 'published', sort: 0 } });
    expect((await dataOf(cloud, 'o_pl_stranger', 'listPlans', {})).plans.map((p) => p.id)).toEqual(['week', 'month', 'year']);

    const month = await dataOf(cloud, OP, 'adminSavePlan', { plan: planInput('month', { title: '月卡（新）', days: 31, priceFen: 2900, sort: 1 }) });
    expect(month).toMatchObject({ created: false, plan: { title: '月卡（新）', days: 31, priceFen: 2900, salesCount: 36 } });
    const all = await dataOf(cloud, OP, 'adminListPlans', {});
    expect(all.items.map((p) => [p.id, p.status])).toEqual([
      ['week', 'published'],
      ['month', 'published'],
      ['year', 'published'],
    ]);
  });

  it('refuses an invalid plan, and learners', async () => {
    const { cloud } = suite;
    for (const bad of [planInput('bad', { days: 0 }), planInput('bad', { priceFen: 0 }), planInput('bad', { priceFen: 9.9 }), planInput('Bad_Plan'), { ...planInput('bad'), salesCount: 5 }]) {
      expect(await callAs(cloud, OP, 'adminSavePlan', { plan: bad })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await callAs(cloud, 'o_pl_stranger', 'adminSavePlan', { plan: planInput('learner-plan') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await callAs(cloud, 'o_pl_stranger', 'adminListPlans', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await cloud.find('membershipPlans', { _id: { $in: ['bad', 'learner-plan'] } })).toEqual([]);
  });

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
