import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
}, 60_000);
afterAll(() => cloud?.stop());

describe('login', () => {
  it('makes the user from the WeChat context on first login and keeps it after', async () => {
    const first = await dataOf(cloud, 'o_login', 'login', {});
    expect(first.user).toMatchObject({ openid: 'o_login', role: 'learner', nickname: '' });
    expect(first.isOperator).toBe(false);
    const again = await dataOf(cloud, 'o_login', 'login', {});
    expect(again.user.createdAt).toBe(first.user.createdAt);
    expect(await cloud.find('users', { _id: 'o_login' })).toHaveLength(1);
  });

  it('takes identity only from the context: an openid in the input is refused', async () => {
    const result = await callAs(cloud, 'o_login2', 'login', { openid: 'o_someone_else' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await cloud.find('users', { _id: 'o_someone_else' })).toHaveLength(0);
  });

  it('says who is an operator', async () => {
    expect((await dataOf(cloud, 'o_demo_operator', 'login', {})).isOperator).toBe(true);
  });

  it('updates nickname and avatar, validated', async () => {
    await dataOf(cloud, 'o_profile', 'login', {});
    const { user } = await dataOf(cloud, 'o_profile', 'updateProfile', { nickname: '小明', avatarFileId: 'cloud://env.bucket/avatars/a.png' });
    expect(user).toMatchObject({ nickname: '小明', avatarFileId: 'cloud://env.bucket/avatars/a.png' });
    for (const bad of [{}, { nickname: '' }, { nickname: 'x'.repeat(33) }, { avatarFileId: 'https://evil/a.png' }, { role: 'operator' }]) {
      expect(await callAs(cloud, 'o_profile', 'updateProfile', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const [doc] = await cloud.find('users', { _id: 'o_profile' });
    expect(doc).toMatchObject({ nickname: '小明', role: 'learner' });
  });
});

describe('the catalog', () => {
  it('lists categories in order with their published course counts', async () => {
    const { categories } = await dataOf(cloud, 'o_cat', 'listCategories', {});
    expect(categories.map((c) => c.id)).toEqual(['career', 'tech', 'humanities', 'life', 'language']);
    expect(categories.find((c) => c.id === 'tech')!.courseCount).toBe(2);
  });

  it('pages the newest courses first in one database round trip', async () => {
    const first = await dataOf(cloud, 'o_cat', 'listCourses', { pageSize: 4 });
    expect(await cloud.roundTrips('listCourses')).toBe(1);
    expect(first.items).toHaveLength(4);
    expect(first.hasMore).toBe(true);
    expect(first.items[0]!.id).toBe('course-japanese');
    const rest = await dataOf(cloud, 'o_cat', 'listCourses', { pageSize: 4, page: 3 });
    expect(rest.items.map((c) => c.id)).toEqual(['course-time']);
    expect(rest.hasMore).toBe(false);
    const card = first.items[0]!;
    expect(card).toEqual({
      id: 'course-japanese',
      title: '日语五十音速成',
      subtitle: expect.any(String),
      instructor: '佐藤 美咲',
      categoryId: 'language',
      coverUrl: expect.stringMatching(/^http/),
      priceFen: 3900,
      salesCount: 1500,
      lessonCount: 3,
      owned: false,
      memberIncluded: false,
      memberPriceFen: null,
    });
  });

  it('filters by category and keyword, and sorts by sales', async () => {
    const tech = await dataOf(cloud, 'o_cat', 'listCourses', { categoryId: 'tech' });
    expect(tech.items.map((c) => c.id).sort()).toEqual(['course-cloud', 'course-ts']);
    const found = await dataOf(cloud, 'o_cat', 'listCourses', { keyword: 'typescript' });
    expect(found.items.map((c) => c.id)).toEqual(['course-ts']);
    const regexChars = await dataOf(cloud, 'o_cat', 'listCourses', { keyword: '.*' });
    expect(regexChars.items).toEqual([]);
    const best = await dataOf(cloud, 'o_cat', 'listCourses', { sort: 'bestselling', pageSize: 3 });
    expect(best.items.map((c) => c.salesCount)).toEqual([5200, 3120, 2310]);
  });

  it('marks the courses the caller owns, and only for that caller', async () => {
    await buyCourse(cloud, 'o_owner', 'course-song');
    const mine = await dataOf(cloud, 'o_owner', 'listCourses', { categoryId: 'humanities' });
    expect(mine.items.find((c) => c.id === 'course-song')!.owned).toBe(true);
    expect(mine.items.find((c) => c.id === 'course-art')!.owned).toBe(false);
    const theirs = await dataOf(cloud, 'o_other', 'listCourses', { categoryId: 'humanities' });
    expect(theirs.items.every((c) => !c.owned)).toBe(true);
  });

  it('refuses malformed paging', async () => {
    for (const bad of [{ pageSize: 21 }, { page: 0 }, { page: 1.5 }, { sort: 'price' }, { keyword: 'x'.repeat(33) }, { categoryId: 5 }]) {
      expect(await callAs(cloud, 'o_cat', 'listCourses', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });
});

describe('getCourse', () => {
  it('answers the syllabus without any paid file ID, in at most three round trips', async () => {
    const { course, owned, unpaidOrder } = await dataOf(cloud, 'o_reader', 'getCourse', { courseId: 'course-time' });
    expect(await cloud.roundTrips('getCourse')).toBeLessThanOrEqual(3);
    expect(owned).toBe(false);
    expect(unpaidOrder).toBeNull();
    expect(course.chapters.flatMap((c) => c.lessons)).toHaveLength(5);
    expect(course.chapters[0]!.lessons[0]).toEqual({ id: 'course-time-l1', title: '开篇：你的时间去哪了', kind: 'video', durationSec: 4, freePreview: true });
    expect(JSON.stringify(course)).not.toMatch(/mediaFileId|seed\/video|<p>/);
  });

  it("shows the caller's own unpaid order, not another learner's", async () => {
    const { order } = await dataOf(cloud, 'o_shopper', 'createOrder', { courseId: 'course-art' });
    expect((await dataOf(cloud, 'o_shopper', 'getCourse', { courseId: 'course-art' })).unpaidOrder?.id).toBe(order.id);
    expect((await dataOf(cloud, 'o_stranger', 'getCourse', { courseId: 'course-art' })).unpaidOrder).toBeNull();
  });

  it('says NOT_FOUND for a course that does not exist', async () => {
    expect(await callAs(cloud, 'o_reader', 'getCourse', { courseId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('makes no query that a declared index does not serve', () => {
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});
