/**
 * Claiming coupons through the real wx-server-sdk on the emulator: the stock
 * and the per-learner limit hold however many claim at once, a stopped or
 * ended template hands out nothing, and the learner's lists (我的优惠券,
 * 领券中心) show their own coupons and what they may still claim.
 */
import { describe, expect, it } from 'vitest';
import { couponClaimId, couponId } from '../../database-schema/couponClaims/schema';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import type { CouponTemplateInput } from '../../typings/pricing-api';
import { callAs, dataOf, demoCloudForSuite } from '../../test/cloud/demo';

const suite = demoCloudForSuite();
const OP = DEMO_OPERATOR_OPENID;

async function template(id: string, terms: Partial<CouponTemplateInput> = {}): Promise<string> {
  const input: CouponTemplateInput = {
    id,
    title: `测试券 ${id}`,
    discount: { type: 'amount', amountFen: 500, thresholdFen: 0 },
    scope: { type: 'all' },
    validity: { type: 'days', days: 7 },
    stock: 100,
    perLearnerLimit: 1,
    ...terms,
  };
  await dataOf(suite.cloud, OP, 'adminSaveCouponTemplate', { template: input });
  return id;
}

const templateDoc = async (id: string) => (await suite.cloud.find('couponTemplates', { _id: id }))[0]!;
const couponsOf = (templateId: string) => suite.cloud.find('coupons', { templateId });

describe('claimCoupon', () => {
  it('hands out exactly the stock to 50 learners claiming at once; the rest are told it is sold out', async () => {
    const id = await template('rush-10', { stock: 10 });
    const learners = Array.from({ length: 50 }, (_, i) => `o_rush_${i}`);
    const answers = await Promise.all(learners.map((openid) => callAs(suite.cloud, openid, 'claimCoupon', { templateId: id })));

    const won = answers.filter((a) => a.ok);
    expect(won).toHaveLength(10);
    const lost = answers.filter((a) => !a.ok);
    expect(lost).toHaveLength(40);
    for (const a of lost) expect(a).toMatchObject({ ok: false, error: { code: 'COUPON_SOLD_OUT' } });

    const coupons = await couponsOf(id);
    expect(coupons).toHaveLength(10);
    expect(new Set(coupons.map((c) => c.openid)).size).toBe(10);
    expect(await templateDoc(id)).toMatchObject({ claimed: 10, stock: 10 });
    expect(await suite.cloud.find('couponClaims', { templateId: id })).toHaveLength(10);
    // 50 invocations queue for the emulator's few instances of the function
  }, 120_000);

  it('lets one learner tapping five times at once claim only their limit of 2, and gives the other units back', async () => {
    const id = await template('tap-limit-2', { stock: 20, perLearnerLimit: 2 });
    const me = 'o_tapper';
    const answers = await Promise.all(Array.from({ length: 5 }, () => callAs(suite.cloud, me, 'claimCoupon', { templateId: id })));

    expect(answers.filter((a) => a.ok)).toHaveLength(2);
    for (const a of answers.filter((x) => !x.ok)) expect(a).toMatchObject({ ok: false, error: { code: 'COUPON_LIMIT_REACHED' } });
    const coupons = await couponsOf(id);
    expect(coupons.map((c) => c._id).sort()).toEqual([couponId(id, me, 1), couponId(id, me, 2)]);
    expect(await templateDoc(id)).toMatchObject({ claimed: 2 });
    expect(await suite.cloud.find('couponClaims', { _id: couponClaimId(id, me) })).toEqual([expect.objectContaining({ count: 2 })]);

    // and afterwards, one by one, still refused without taking stock
    expect(await callAs(suite.cloud, me, 'claimCoupon', { templateId: id })).toMatchObject({ ok: false, error: { code: 'COUPON_LIMIT_REACHED' } });
    expect(await templateDoc(id)).toMatchObject({ claimed: 2 });
  });

  it('copies the terms into the coupon, valid for the template’s days from the claim', async () => {
    const id = await template('copy-terms', { discount: { type: 'percent', percentOff: 15, thresholdFen: 5000 }, scope: { type: 'categories', ids: ['tech'] }, validity: { type: 'days', days: 7 } });
    const before = Date.now();
    const { coupon } = await dataOf(suite.cloud, 'o_copier', 'claimCoupon', { templateId: id });
    expect(coupon).toMatchObject({
      id: couponId(id, 'o_copier', 1),
      templateId: id,
      title: '测试券 copy-terms',
      discount: { type: 'percent', percentOff: 15, thresholdFen: 5000 },
      scope: { type: 'categories', ids: ['tech'] },
      discountText: '满50享8.5折',
      scopeText: '指定分类课程可用',
      status: 'available',
      orderId: null,
    });
    expect(coupon.validFrom).toBeGreaterThanOrEqual(before - 1000);
    expect(coupon.validUntil - coupon.validFrom).toBe(7 * 24 * 3600 * 1000);
    const [doc] = await couponsOf(id);
    expect(doc).toMatchObject({ openid: 'o_copier', _openid: 'o_copier', status: 'available', usedAt: null });

    // an edit of the template later does not change the coupon in hand
    await template('copy-terms', { title: '改过的标题', discount: { type: 'amount', amountFen: 100, thresholdFen: 0 } });
    expect((await couponsOf(id))[0]).toMatchObject({ title: '测试券 copy-terms', discount: { type: 'percent', percentOff: 15 } });
  });

  it('takes the window of a window template, and refuses one past its end', async () => {
    const from = '2026-01-01T00:00:00+08:00';
    const until = '2099-01-01T00:00:00+08:00';
    const id = await template('window-open', { validity: { type: 'window', from, until } });
    const { coupon } = await dataOf(suite.cloud, 'o_window', 'claimCoupon', { templateId: id });
    expect(coupon.validFrom).toBe(Date.parse(from));
    expect(coupon.validUntil).toBe(Date.parse(until));

    const ended = await template('window-ended', { validity: { type: 'window', from: '2025-01-01T00:00:00+08:00', until: '2025-02-01T00:00:00+08:00' } });
    const refused = await callAs(suite.cloud, 'o_window', 'claimCoupon', { templateId: ended });
    expect(refused).toMatchObject({ ok: false, error: { code: 'COUPON_SOLD_OUT', message: '该优惠券的活动已结束' } });
    expect(await templateDoc(ended)).toMatchObject({ claimed: 0 });
  });

  it('refuses a stopped template and an unknown one, writing nothing', async () => {
    const id = await template('stopped-one', { status: 'stopped' });
    expect(await callAs(suite.cloud, 'o_stopped', 'claimCoupon', { templateId: id })).toMatchObject({
      ok: false,
      error: { code: 'COUPON_SOLD_OUT', message: '该优惠券已停止发放' },
    });
    expect(await callAs(suite.cloud, 'o_stopped', 'claimCoupon', { templateId: 'no-such-template' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await callAs(suite.cloud, 'o_stopped', 'claimCoupon', { templateId: id, openid: 'o_other' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await couponsOf(id)).toEqual([]);
    expect(await templateDoc(id)).toMatchObject({ claimed: 0 });
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});

describe('listCoupons and listClaimableCoupons', () => {
  it('lists only the caller’s coupons, by tab: usable (held ones too), used, expired', async () => {
    const me = 'o_lister';
    const ids = await Promise.all(['list-a', 'list-b', 'list-c', 'list-d'].map((id) => template(id)));
    for (const id of ids) await dataOf(suite.cloud, me, 'claimCoupon', { templateId: id });
    await dataOf(suite.cloud, 'o_someone_else', 'claimCoupon', { templateId: 'list-a' });
    const [a, b, c, d] = ids.map((id) => couponId(id, me, 1));
    const past = new Date(Date.now() - 1000);
    await suite.db.collection('coupons').doc(b!).update({ data: { status: 'used', orderId: 'ord_x', usedAt: new Date() } });
    await suite.db.collection('coupons').doc(c!).update({ data: { validUntil: past } });
    await suite.db.collection('coupons').doc(d!).update({ data: { status: 'reserved', orderId: 'ord_y' } });

    const usable = await dataOf(suite.cloud, me, 'listCoupons', { status: 'usable' });
    // newest claimed first
    expect(usable.items.map((x) => x.id)).toEqual([d, a]);
    expect(usable.items[0]).toMatchObject({ status: 'reserved', orderId: 'ord_y' });
    const used = await dataOf(suite.cloud, me, 'listCoupons', { status: 'used' });
    expect(used.items.map((x) => [x.id, x.status])).toEqual([[b, 'used']]);
    const expired = await dataOf(suite.cloud, me, 'listCoupons', { status: 'expired' });
    expect(expired.items.map((x) => [x.id, x.status])).toEqual([[c, 'expired']]);
    expect(await callAs(suite.cloud, me, 'listCoupons', { status: 'all' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await dataOf(suite.cloud, 'o_nobody', 'listCoupons', { status: 'usable' })).items).toEqual([]);
  });

  it('lists templates handing out coupons, with what the caller claimed and whether they can claim more', async () => {
    const me = 'o_center';
    await template('center-days', { stock: 3, perLearnerLimit: 2, validity: { type: 'days', days: 7 } });
    await template('center-window', { validity: { type: 'window', from: '2026-12-01T00:00:00+08:00', until: '2027-01-01T00:00:00+08:00' } });
    await template('center-gone', { stock: 1 });
    await template('center-stop', { status: 'stopped' });
    await dataOf(suite.cloud, 'o_first', 'claimCoupon', { templateId: 'center-gone' });
    await dataOf(suite.cloud, me, 'claimCoupon', { templateId: 'center-days' });

    const { items } = await dataOf(suite.cloud, me, 'listClaimableCoupons', {});
    const ids = items.map((i) => i.templateId);
    expect(ids).not.toContain('center-gone');
    expect(ids).not.toContain('center-stop');
    expect(ids).not.toContain('window-ended');
    // newest first
    expect(ids.indexOf('center-window')).toBeLessThan(ids.indexOf('center-days'));
    expect(items.find((i) => i.templateId === 'center-days')).toMatchObject({
      validityText: '领取后 7 天内有效',
      discountText: '无门槛减5',
      scopeText: '全场通用',
      remaining: 2,
      claimedByMe: 1,
      perLearnerLimit: 2,
      canClaim: true,
    });
    expect(items.find((i) => i.templateId === 'center-window')).toMatchObject({ validityText: '2026-12-01 至 2026-12-31', claimedByMe: 0, canClaim: true });

    await dataOf(suite.cloud, me, 'claimCoupon', { templateId: 'center-days' });
    const again = await dataOf(suite.cloud, me, 'listClaimableCoupons', {});
    expect(again.items.find((i) => i.templateId === 'center-days')).toMatchObject({ remaining: 1, claimedByMe: 2, canClaim: false });
    // someone else still may
    const theirs = await dataOf(suite.cloud, 'o_center_other', 'listClaimableCoupons', {});
    expect(theirs.items.find((i) => i.templateId === 'center-days')).toMatchObject({ claimedByMe: 0, canClaim: true });
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
