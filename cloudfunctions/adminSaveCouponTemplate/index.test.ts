/**
 * Coupon templates for operators through the real wx-server-sdk: created and
 * edited by ID (claims kept, the stock never below them), a dry run writing
 * nothing, learners refused, and the numbered list with the spent counts.
 */
import { describe, expect, it } from 'vitest';
import { couponId } from '../../database-schema/couponClaims/schema';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import type { CouponTemplateInput } from '../../typings/pricing-api';
import { callAs, dataOf, demoCloudForSuite } from '../../test/cloud/demo';

const suite = demoCloudForSuite();
const OP = DEMO_OPERATOR_OPENID;

const input = (id: string, terms: Partial<CouponTemplateInput> = {}): CouponTemplateInput => ({
  id,
  title: '满100减20',
  discount: { type: 'amount', amountFen: 2000, thresholdFen: 10000 },
  scope: { type: 'all' },
  validity: { type: 'window', from: '2026-12-01T00:00:00+08:00', until: '2099-01-01T00:00:00+08:00' },
  stock: 5,
  ...terms,
});
const templateDoc = async (id: string) => (await suite.cloud.find('couponTemplates', { _id: id }))[0];

describe('adminSaveCouponTemplate', () => {
  it('creates a template, its defaults filled in, and answers the operator’s view of it', async () => {
    const saved = await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-create') });
    expect(saved).toMatchObject({
      created: true,
      dryRun: false,
      template: {
        id: 'op-create',
        discountText: '满100减20',
        scopeText: '全场通用',
        validityText: '2026-12-01 至 2098-12-31',
        stock: 5,
        claimed: 0,
        used: 0,
        perLearnerLimit: 1,
        status: 'active',
      },
    });
    expect(await templateDoc('op-create')).toMatchObject({
      claimed: 0,
      perLearnerLimit: 1,
      status: 'active',
      validity: { type: 'window', from: new Date('2026-11-30T16:00:00Z'), until: new Date('2098-12-31T16:00:00Z') },
    });
  });

  it('updates by ID keeping the claims, replaces the discount whole, and refuses a stock below the claims', async () => {
    await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-edit', { stock: 5, perLearnerLimit: 3 }) });
    for (let i = 0; i < 3; i += 1) await dataOf(suite.cloud, 'o_op_edit', 'claimCoupon', { templateId: 'op-edit' });
    const created = (await templateDoc('op-edit'))!.createdAt;

    const edited = await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', {
      template: input('op-edit', { title: '限时 9 折', discount: { type: 'percent', percentOff: 10, thresholdFen: 0 }, stock: 3, perLearnerLimit: 3, validity: { type: 'days', days: 3 } }),
    });
    expect(edited).toMatchObject({ created: false, template: { claimed: 3, stock: 3, discountText: '9折', validityText: '领取后 3 天内有效' } });
    const doc = (await templateDoc('op-edit'))!;
    expect(doc).toMatchObject({ claimed: 3, stock: 3, title: '限时 9 折', createdAt: created });
    // replaced, not merged: no amountFen left over from the old discount, no window left in the validity
    expect(doc.discount).toEqual({ type: 'percent', percentOff: 10, thresholdFen: 0 });
    expect(doc.validity).toEqual({ type: 'days', days: 3 });

    const below = await callAs(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-edit', { stock: 2 }) });
    expect(below).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('3') } });
    expect(await templateDoc('op-edit')).toMatchObject({ stock: 3, claimed: 3 });
    // the claims already made keep their terms
    expect((await suite.cloud.find('coupons', { _id: couponId('op-edit', 'o_op_edit', 1) }))[0]).toMatchObject({ discount: { type: 'amount', amountFen: 2000 } });
  });

  it('a dry run writes nothing and answers what would be saved', async () => {
    const dry = await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-dry'), dryRun: true });
    expect(dry).toMatchObject({ created: true, dryRun: true, template: { id: 'op-dry', stock: 5, claimed: 0 } });
    expect(await templateDoc('op-dry')).toBeUndefined();

    await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-dry') });
    const dryEdit = await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-dry', { title: '不会保存', stock: 9 }), dryRun: true });
    expect(dryEdit).toMatchObject({ created: false, dryRun: true, template: { title: '不会保存', stock: 9 } });
    expect(await templateDoc('op-dry')).toMatchObject({ title: '满100减20', stock: 5 });
  });

  it('refuses learners before looking at the request, and a bad template as INVALID_INPUT', async () => {
    expect(await callAs(suite.cloud, 'o_learner', 'adminSaveCouponTemplate', { template: input('op-learner') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await callAs(suite.cloud, 'o_learner', 'adminListCouponTemplates', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const bad of [
      input('Bad ID'),
      input('op-bad', { stock: 0 }),
      input('op-bad', { discount: { type: 'percent', percentOff: 100, thresholdFen: 0 } }),
      input('op-bad', { validity: { type: 'window', from: '2027-01-01T00:00:00+08:00', until: '2026-01-01T00:00:00+08:00' } }),
      { ...input('op-bad'), claimed: 3 },
    ]) {
      expect(await callAs(suite.cloud, OP, 'adminSaveCouponTemplate', { template: bad }), JSON.stringify(bad).slice(0, 120)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await suite.cloud.find('couponTemplates', { _id: 'op-bad' })).toEqual([]);
  });
});

describe('adminListCouponTemplates', () => {
  it('pages templates newest first with how many were claimed and spent', async () => {
    await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-list-old', { stock: 10, perLearnerLimit: 5 }) });
    await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input('op-list-new') });
    for (let i = 0; i < 3; i += 1) await dataOf(suite.cloud, 'o_op_list', 'claimCoupon', { templateId: 'op-list-old' });
    for (const n of [1, 2]) await suite.db.collection('coupons').doc(couponId('op-list-old', 'o_op_list', n)).update({ data: { status: 'used', usedAt: new Date(), orderId: `ord_${n}` } });

    const first = await dataOf(suite.cloud, OP, 'adminListCouponTemplates', { pageSize: 2 });
    const total = (await suite.cloud.find('couponTemplates')).length;
    expect(first).toMatchObject({ page: 1, total, hasMore: total > 2 });
    expect(first.items.map((t) => t.id)).toEqual(['op-list-new', 'op-list-old']);
    expect(first.items[1]).toMatchObject({ claimed: 3, used: 2, stock: 10, perLearnerLimit: 5 });
    expect(first.items[0]).toMatchObject({ claimed: 0, used: 0 });

    const all = await dataOf(suite.cloud, OP, 'adminListCouponTemplates', { pageSize: 100 });
    expect(all.items).toHaveLength(total);
    const times = all.items.map((t) => t.createdAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const second = await dataOf(suite.cloud, OP, 'adminListCouponTemplates', { page: 2, pageSize: 2 });
    expect(second.items.map((t) => t.id)).toEqual(all.items.slice(2, 4).map((t) => t.id));
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
