/**
 * Bundles (专栏) through the real wx-server-sdk: the shelf, a bundle's page
 * with its owned marks and the caller's price, and an operator's save that
 * grants added courses to those who hold the bundle, once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../../database-schema/seed/seed';
import { seedBundles } from '../../../database-schema/seed/marketing-catalog';
import { entitlementId } from '../../../database-schema/entitlements/schema';
import type { BundleInput } from '../../../typings/pricing-api';
import { callAs, dataOf, demoCloudForSuite } from '../../../test/cloud/demo';
import { holdBundle, ownCourse } from '../../../test/cloud/holdings';

const suite = demoCloudForSuite();
const OP = DEMO_OPERATOR_OPENID;
const cover = 'cloud://local-dev.bucket/seed/cover-3.jpg';
const fullstack = seedBundles[0]!;

function bundleInput(id: string, overrides: Partial<BundleInput> = {}): BundleInput {
  return { id, title: `测试专栏 ${id}`, subtitle: '副标题', description: '简介', coverFileId: cover, courseIds: ['course-song', 'course-art'], priceFen: 9900, status: 'published', ...overrides };
}
const { cover: _cover, salesCount: _sales, ...fullstackContent } = fullstack;
const fullstackInput = (courseIds: string[]): BundleInput => ({ ...fullstackContent, coverFileId: cover, courseIds });

beforeAll(async () => {
  // half of an owned course's list price off the bundle, so the owned-course credit shows in the price
  await suite.db.collection('settings').doc('pricing').set({ data: { bundleOwnedCreditPercent: 50, refundReturnsCoupon: false } });
});

describe('listBundles and getBundle', () => {
  it('lists the published bundles with their courses’ list prices added up, not drafts', async () => {
    const { cloud } = suite;
    expect((await dataOf(cloud, OP, 'adminSaveBundle', { bundle: bundleInput('draft-bundle', { status: 'draft' }) })).created).toBe(true);
    const { items } = await dataOf(cloud, 'o_bd_stranger', 'listBundles', {});
    expect(items.map((b) => b.id)).toEqual(['fullstack']);
    expect(items[0]).toMatchObject({ title: '全栈开发者成长专栏', priceFen: 39900, coursesListFen: 19900 + 29900 + 9900, courseCount: 3, coverUrl: expect.stringMatching(/^http/) });
    expect(await callAs(cloud, 'o_bd_stranger', 'getBundle', { bundleId: 'draft-bundle' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await callAs(cloud, 'o_bd_stranger', 'getBundle', { bundleId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('shows a stranger the courses unowned at the bundle’s price', async () => {
    const page = await dataOf(suite.cloud, 'o_bd_stranger', 'getBundle', { bundleId: 'fullstack' });
    expect(page.bundle.courses.map((c) => [c.id, c.owned])).toEqual([
      ['course-ts', false],
      ['course-cloud', false],
      ['course-time', false],
    ]);
    expect(page.bundle.courses[0]!.coverUrl).toMatch(/^http/);
    expect(page).toMatchObject({ ownedCount: 0, bought: false, bundle: { description: expect.stringContaining('三门课') } });
    expect(page.price).toEqual({ listFen: 39900, memberFen: null, ownedCreditFen: 0, couponId: null, couponFen: 0, totalFen: 39900 });
  });

  it('marks the courses the caller owns, and takes the settings’ share of their list prices off', async () => {
    await ownCourse(suite.db, 'o_bd_owner', 'course-ts');
    const page = await dataOf(suite.cloud, 'o_bd_owner', 'getBundle', { bundleId: 'fullstack' });
    expect(page.bundle.courses.filter((c) => c.owned).map((c) => c.id)).toEqual(['course-ts']);
    expect(page).toMatchObject({ ownedCount: 1, bought: false });
    expect(page.price).toMatchObject({ listFen: 39900, ownedCreditFen: 9950, totalFen: 39900 - 9950 });
  });

  it('shows an unpublished course only to those who own it, and counts only published ones in the sum', async () => {
    const { cloud, db } = suite;
    await dataOf(cloud, OP, 'adminSaveBundle', { bundle: bundleInput('mixed', { courseIds: ['course-song', 'course-run'] }) });
    await ownCourse(db, 'o_bd_runner', 'course-run');
    await db.collection('courses').doc('course-run').update({ data: { status: 'unpublished' } });
    try {
      const stranger = await dataOf(cloud, 'o_bd_stranger', 'getBundle', { bundleId: 'mixed' });
      expect(stranger.bundle.courses.map((c) => c.id)).toEqual(['course-song']);
      expect(stranger.bundle).toMatchObject({ coursesListFen: 6900, courseCount: 1 });
      const runner = await dataOf(cloud, 'o_bd_runner', 'getBundle', { bundleId: 'mixed' });
      expect(runner.bundle.courses.map((c) => [c.id, c.owned])).toEqual([
        ['course-song', false],
        ['course-run', true],
      ]);
      expect(runner.ownedCount).toBe(1);
    } finally {
      await db.collection('courses').doc('course-run').update({ data: { status: 'published' } });
    }
  });

  it('says bought to a holder, and keeps an unpublished bundle open to holders only', async () => {
    const { cloud, db } = suite;
    await holdBundle(db, 'o_bd_holder', { id: 'mixed', title: '测试专栏 mixed', priceFen: 9900 }, ['course-song', 'course-run']);
    await holdBundle(db, 'o_bd_refunded', { id: 'mixed', title: '测试专栏 mixed', priceFen: 9900 }, [], 'refunded');
    const page = await dataOf(cloud, 'o_bd_holder', 'getBundle', { bundleId: 'mixed' });
    expect(page).toMatchObject({ bought: true, ownedCount: 2 });
    expect(page.bundle.courses.every((c) => c.owned)).toBe(true);
    await dataOf(cloud, OP, 'adminSaveBundle', { bundle: bundleInput('mixed', { courseIds: ['course-song', 'course-run'], status: 'unpublished' }) });
    expect((await dataOf(cloud, 'o_bd_holder', 'getBundle', { bundleId: 'mixed' })).bought).toBe(true);
    expect(await callAs(cloud, 'o_bd_refunded', 'getBundle', { bundleId: 'mixed' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await dataOf(cloud, 'o_bd_stranger', 'listBundles', {})).items.map((b) => b.id)).not.toContain('mixed');
  });
});

describe('adminSaveBundle', () => {
  it('refuses courses that do not exist, naming them, and writes nothing on a dry run', async () => {
    const { cloud } = suite;
    const missing = await callAs(cloud, OP, 'adminSaveBundle', { bundle: bundleInput('bad-bundle', { courseIds: ['course-song', 'no-such-course'] }) });
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('no-such-course') } });
    for (const bad of [bundleInput('Bad_Id'), bundleInput('bad-bundle', { priceFen: 0 }), bundleInput('bad-bundle', { courseIds: ['course-song', 'course-song'] }), bundleInput('bad-bundle', { courseIds: [] })]) {
      expect(await callAs(cloud, OP, 'adminSaveBundle', { bundle: bad })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const dry = await dataOf(cloud, OP, 'adminSaveBundle', { bundle: bundleInput('dry-bundle'), dryRun: true });
    expect(dry).toMatchObject({ created: true, dryRun: true, granted: 0, bundle: { id: 'dry-bundle', coursesListFen: 6900 + 12800, status: 'published' } });
    expect(await suite.cloud.find('bundles', { _id: { $in: ['bad-bundle', 'dry-bundle'] } })).toEqual([]);
  });

  it('grants a course added to a bundle to those holding it, once, recorded on their orders, and keeps the sales', async () => {
    const { cloud, db } = suite;
    const bundle = { id: 'fullstack', title: fullstack.title, priceFen: fullstack.priceFen };
    const first = await holdBundle(db, 'o_bd_h1', bundle, fullstack.courseIds);
    // owns course-japanese already, bought on its own: nothing to grant, nothing for a bundle refund to take
    await ownCourse(db, 'o_bd_h2', 'course-japanese');
    const second = await holdBundle(db, 'o_bd_h2', bundle, fullstack.courseIds);
    const refunded = await holdBundle(db, 'o_bd_h3', bundle, [], 'refunded');

    const saved = await dataOf(cloud, OP, 'adminSaveBundle', { bundle: fullstackInput([...fullstack.courseIds, 'course-japanese']) });
    expect(saved).toMatchObject({ created: false, dryRun: false, granted: 1, bundle: { salesCount: 120, courseIds: [...fullstack.courseIds, 'course-japanese'] } });
    const [given] = await cloud.find('entitlements', { _id: entitlementId('o_bd_h1', 'course-japanese') });
    expect(given).toMatchObject({ status: 'active', source: 'bundle', orderId: first._id });
    expect((await cloud.find('orders', { _id: first._id }))[0]!.grantedCourseIds).toEqual([...fullstack.courseIds, 'course-japanese']);
    expect((await cloud.find('orders', { _id: second._id }))[0]!.grantedCourseIds).toEqual(fullstack.courseIds);
    expect((await cloud.find('entitlements', { _id: entitlementId('o_bd_h2', 'course-japanese') }))[0]).toMatchObject({ source: 'grant' });
    expect(await cloud.find('entitlements', { openid: 'o_bd_h3' })).toEqual([]);
    expect((await cloud.find('orders', { _id: refunded._id }))[0]!.grantedCourseIds).toEqual([]);
    expect((await dataOf(cloud, 'o_bd_h1', 'getLesson', { lessonId: 'course-japanese-l2' })).lesson.owned).toBe(true);

    // saving again, or the pass run again, grants nothing new
    expect((await dataOf(cloud, OP, 'adminSaveBundle', { bundle: fullstackInput([...fullstack.courseIds, 'course-japanese']) })).granted).toBe(0);
    expect(await dataOf(cloud, OP, 'adminRegrantBundle', { bundleId: 'fullstack' })).toEqual({ bundleId: 'fullstack', orders: 2, granted: 0 });
    expect((await cloud.find('orders', { _id: first._id }))[0]!.grantedCourseIds).toHaveLength(4);
  });

  it('re-runs the grant pass for a save that wrote the bundle and stopped before granting', async () => {
    const { cloud, db } = suite;
    // as if adminSaveBundle had written the bundle and then failed
    await db.collection('bundles').doc('fullstack').update({ data: { courseIds: [...fullstack.courseIds, 'course-japanese', 'course-art'] } });
    expect(await dataOf(cloud, OP, 'adminRegrantBundle', { bundleId: 'fullstack' })).toEqual({ bundleId: 'fullstack', orders: 2, granted: 2 });
    expect(await cloud.find('entitlements', { courseId: 'course-art', source: 'bundle', status: 'active' })).toHaveLength(2);
    expect((await dataOf(cloud, OP, 'adminRegrantBundle', { bundleId: 'fullstack' })).granted).toBe(0);
    expect(await callAs(cloud, OP, 'adminRegrantBundle', { bundleId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lists every bundle for operators, numbered, newest first', async () => {
    const listed = await dataOf(suite.cloud, OP, 'adminListBundles', { pageSize: 2 });
    expect(listed).toMatchObject({ page: 1, hasMore: true, total: 3 });
    expect(listed.items.map((b) => b.id)).toEqual(['mixed', 'draft-bundle']);
    const rest = await dataOf(suite.cloud, OP, 'adminListBundles', { page: 2, pageSize: 2 });
    expect(rest.items).toEqual([expect.objectContaining({ id: 'fullstack', coursesListFen: 19900 + 29900 + 9900 + 3900 + 12800, status: 'published' })]);
  });

  it('refuses learners every operator call on bundles, changing nothing', async () => {
    const { cloud } = suite;
    for (const [name, data] of [
      ['adminSaveBundle', { bundle: bundleInput('learner-bundle') }],
      ['adminListBundles', {}],
      ['adminRegrantBundle', { bundleId: 'fullstack' }],
    ] as const) {
      expect(await callAs(cloud, 'o_bd_stranger', name, data), name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await cloud.find('bundles', { _id: 'learner-bundle' })).toEqual([]);
  });

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
