/**
 * The operator role on every operator function, and course management:
 * create, update, publish, unpublish, delete, through the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import type { CourseInput } from '../../typings/admin-api';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
}, 60_000);
afterAll(() => cloud?.stop());

const OP = DEMO_OPERATOR_OPENID;
const cover = 'cloud://local-dev.bucket/seed/cover-1.png';

function courseInput(id: string, overrides: Partial<CourseInput> = {}): CourseInput {
  return {
    id,
    title: `测试课程 ${id}`,
    subtitle: '副标题',
    instructor: '讲师',
    description: '简介',
    categoryId: 'tech',
    coverFileId: cover,
    priceFen: 1990,
    chapters: [
      {
        id: `${id}-c1`,
        title: '第一章',
        lessons: [
          { id: `${id}-l1`, title: '试看', kind: 'article', body: '<p>免费</p>', durationSec: 60, freePreview: true },
          { id: `${id}-l2`, title: '视频', kind: 'video', mediaFileId: 'cloud://local-dev.bucket/seed/video-1.mp4', durationSec: 4, freePreview: false },
        ],
      },
    ],
    ...overrides,
  };
}

const OPERATOR_CALLS: [string, Record<string, unknown>][] = [
  ['adminSaveCourse', { course: courseInput('role-check') }],
  ['adminSetCourseStatus', { courseId: 'course-time', status: 'unpublished' }],
  ['adminDeleteCourse', { courseId: 'course-time' }],
  ['refundOrder', { orderId: 'T000000000000001', reason: '测试' }],
  ['adminListOrders', {}],
  ['adminRevenue', { from: '2026-01-01', to: '2026-01-31' }],
  ['adminReconcile', { from: '2026-01-01', to: '2026-01-31' }],
  ['adminSaveBundle', { bundle: { id: 'role-check', title: '专栏', coverFileId: cover, courseIds: ['course-time'], priceFen: 100 } }],
  ['adminListBundles', {}],
  ['adminRegrantBundle', { bundleId: 'fullstack' }],
  ['adminSavePlan', { plan: { id: 'role-check', title: '卡', days: 1, priceFen: 100 } }],
  ['adminListPlans', {}],
];

describe('the operator role', () => {
  it.each(OPERATOR_CALLS)('%s answers FORBIDDEN to a learner, and to a caller without OPENID from WeChat, changing nothing', async (name, data) => {
    await dataOf(cloud, 'o_role_learner', 'login', {});
    const learner = await cloud.call<{ ok: boolean; error?: { code: string } }>(name, data, { openid: 'o_role_learner' });
    expect(learner.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const anonymous = await cloud.call<{ ok: boolean; error?: { code: string } }>(name, data, { openid: '', source: 'wx_client' });
    expect(anonymous.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await cloud.find('courses', { _id: 'role-check' })).toEqual([]);
    expect(await cloud.find('bundles', { _id: 'role-check' })).toEqual([]);
    expect(await cloud.find('membershipPlans', { _id: 'role-check' })).toEqual([]);
    expect((await cloud.find('courses', { _id: 'course-time' }))[0]).toMatchObject({ status: 'published' });
  });

  it.each(OPERATOR_CALLS)('%s answers FORBIDDEN, not the schema, to a learner who sends junk; an operator gets INVALID_INPUT', async (name) => {
    const junk = { course: 42, courseId: ['x'], from: 'yesterday', unexpected: true };
    const learner = await cloud.call<{ ok: boolean; error?: { code: string; message: string } }>(name, junk, { openid: 'o_role_learner' });
    expect(learner.result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(learner.result?.error?.message).not.toMatch(/unexpected|expected|courseId/i);
    const operator = await cloud.call<{ ok: boolean; error?: { code: string } }>(name, junk, { openid: OP });
    expect(operator.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('lets an operator in, by role in users, and the key holder (no OPENID, not from WeChat)', async () => {
    expect((await callAs(cloud, OP, 'adminListOrders', {})).ok).toBe(true);
    const keyholder = await cloud.call<{ ok: boolean }>('adminListOrders', {}, { openid: '', source: 'scf' });
    expect(keyholder.result).toMatchObject({ ok: true });
    // a learner's function calling an operator function stays the learner
    const chained = await cloud.call<{ ok: boolean; error?: { code: string } }>('adminListOrders', {}, { openid: 'o_role_learner', source: 'wx_client,scf' });
    expect(chained.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('course management', () => {
  it('creates a course as a draft that the catalog does not show, and publishes it', async () => {
    const created = await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('new-course') });
    expect(created).toMatchObject({ created: true, course: { id: 'new-course', status: 'draft', priceFen: 1990, lessonCount: 2, publishedAt: null } });
    const [doc] = await cloud.find('courses', { _id: 'new-course' });
    expect(doc).toMatchObject({ status: 'draft', salesCount: 0, lessonCount: 2, searchText: expect.stringContaining('测试课程'), createdAt: expect.any(Date) });
    expect((await callAs(cloud, 'o_cm_learner', 'getCourse', { courseId: 'new-course' })).ok).toBe(false);

    const published = await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'new-course', status: 'published' });
    expect(published.course).toMatchObject({ status: 'published', publishedAt: expect.any(Number) });
    const list = await dataOf(cloud, 'o_cm_learner', 'listCourses', { keyword: '测试课程 new-course' });
    expect(list.items.map((c) => c.id)).toEqual(['new-course']);
  });

  it('updates content, keeping status, sales and the first publication', async () => {
    await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('edit-course') });
    const first = await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'edit-course', status: 'published' });
    const input = courseInput('edit-course', { title: '改过的标题', priceFen: 2990 });
    input.chapters.push({ id: 'edit-course-c2', title: '第二章', lessons: [{ id: 'edit-course-l3', title: '音频', kind: 'audio', mediaFileId: cover, durationSec: 5, freePreview: false }] });
    const updated = await dataOf(cloud, OP, 'adminSaveCourse', { course: input });
    expect(updated).toMatchObject({ created: false, course: { title: '改过的标题', priceFen: 2990, status: 'published', lessonCount: 3, publishedAt: first.course.publishedAt } });
    await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'edit-course', status: 'unpublished' });
    const again = await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'edit-course', status: 'published' });
    expect(again.course.publishedAt).toBe(first.course.publishedAt);
  });

  it('keeps the rating across a save: a new course starts unrated, an edit keeps its reviews\' count and sum', async () => {
    const created = await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('rated-course') });
    expect(created.created).toBe(true);
    expect((await cloud.find('courses', { _id: 'rated-course' }))[0]).toMatchObject({ ratingCount: 0, ratingSum: 0, ratingAvg: 0 });
    await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'rated-course', status: 'published' });
    await buyCourse(cloud, 'o_rated_owner', 'rated-course');
    await dataOf(cloud, 'o_rated_owner', 'submitReview', { courseId: 'rated-course', rating: 4, content: '新课也讲得不错' });
    await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('rated-course', { title: '改名后的课' }) });
    expect((await cloud.find('courses', { _id: 'rated-course' }))[0]).toMatchObject({ title: '改名后的课', ratingCount: 1, ratingSum: 4, ratingAvg: 4 });
  });

  it('refuses invalid courses: price not in whole fen, media not a file ID, repeated or borrowed lesson IDs, unknown category', async () => {
    const refused = async (course: unknown) => {
      const result = await callAs(cloud, OP, 'adminSaveCourse', { course } as Record<string, unknown>);
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await refused(courseInput('bad-price', { priceFen: 19.9 }))).toBe('INVALID_INPUT');
    expect(await refused(courseInput('bad-price', { priceFen: -1 }))).toBe('INVALID_INPUT');
    expect(await refused(courseInput('bad-cover', { coverFileId: 'https://example.com/a.png' }))).toBe('INVALID_INPUT');
    expect(await refused(courseInput('Bad_Id'))).toBe('INVALID_INPUT');
    expect(await refused(courseInput('bad-category', { categoryId: 'nope' }))).toBe('INVALID_INPUT');
    const media = courseInput('bad-media');
    media.chapters[0].lessons[1] = { id: 'bad-media-l2', title: '视频', kind: 'video', mediaFileId: '/tmp/v.mp4', durationSec: 1, freePreview: false } as never;
    expect(await refused(media)).toBe('INVALID_INPUT');
    const repeated = courseInput('repeated');
    repeated.chapters[0].lessons[1].id = 'repeated-l1';
    expect(await refused(repeated)).toBe('INVALID_INPUT');
    const borrowed = courseInput('borrowed');
    borrowed.chapters[0].lessons[0].id = 'course-time-l1';
    const answer = await callAs(cloud, OP, 'adminSaveCourse', { course: borrowed });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('course-time-l1') } });
    expect(await cloud.find('courses', { _id: { $in: ['bad-price', 'bad-cover', 'bad-category', 'bad-media', 'repeated', 'borrowed'] } })).toEqual([]);
  });

  it('saves whether members open a course and its member price, which must be below the price', async () => {
    const saved = await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('member-course', { memberIncluded: true, memberPriceFen: 990 }) });
    expect(saved.created).toBe(true);
    expect((await cloud.find('courses', { _id: 'member-course' }))[0]).toMatchObject({ memberIncluded: true, memberPriceFen: 990, priceFen: 1990 });
    // left out: neither
    await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('member-course') });
    expect((await cloud.find('courses', { _id: 'member-course' }))[0]).toMatchObject({ memberIncluded: false, memberPriceFen: null });
    for (const memberPriceFen of [1990, 2990]) {
      const refused = await callAs(cloud, OP, 'adminSaveCourse', { course: courseInput('member-course', { memberPriceFen }) });
      expect(refused, String(memberPriceFen)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('会员价') } });
    }
    for (const memberPriceFen of [0, 9.9]) {
      expect(await callAs(cloud, OP, 'adminSaveCourse', { course: courseInput('member-course', { memberPriceFen }) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect((await cloud.find('courses', { _id: 'member-course' }))[0]).toMatchObject({ memberPriceFen: null });
  });

  it('unpublishes a course out of the catalog while its owner keeps it', async () => {
    await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('owned-course') });
    await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'owned-course', status: 'published' });
    await buyCourse(cloud, 'o_cm_owner', 'owned-course');
    await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'owned-course', status: 'unpublished' });

    const catalog = await dataOf(cloud, 'o_cm_other', 'listCourses', { keyword: 'owned-course' });
    expect(catalog.items).toEqual([]);
    expect(await callAs(cloud, 'o_cm_other', 'getCourse', { courseId: 'owned-course' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dataOf(cloud, 'o_cm_owner', 'getCourse', { courseId: 'owned-course' })).toMatchObject({ owned: true });
    expect((await dataOf(cloud, 'o_cm_owner', 'getLesson', { lessonId: 'owned-course-l2' })).lesson.kind).toBe('video');
    expect((await dataOf(cloud, 'o_cm_owner', 'myCourses', {})).items.map((i) => i.course.id)).toContain('owned-course');
  });

  it('deletes only what nobody owns, and keeps owned lessons', async () => {
    await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('gone-course') });
    expect(await dataOf(cloud, OP, 'adminDeleteCourse', { courseId: 'gone-course' })).toEqual({ courseId: 'gone-course', deleted: true });
    expect(await cloud.find('courses', { _id: 'gone-course' })).toEqual([]);
    expect(await callAs(cloud, OP, 'adminDeleteCourse', { courseId: 'gone-course' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // owned-course was bought in the test above
    expect(await callAs(cloud, OP, 'adminDeleteCourse', { courseId: 'owned-course' })).toMatchObject({ ok: false, error: { code: 'IN_USE' } });
    const shrunk = courseInput('owned-course');
    shrunk.chapters[0].lessons.pop();
    expect(await callAs(cloud, OP, 'adminSaveCourse', { course: shrunk })).toMatchObject({ ok: false, error: { code: 'IN_USE' } });
    expect(await cloud.find('courses', { _id: 'owned-course' })).toHaveLength(1);

    // an unpaid order could still be paid: not deleted under it
    await dataOf(cloud, OP, 'adminSaveCourse', { course: courseInput('pending-course') });
    await dataOf(cloud, OP, 'adminSetCourseStatus', { courseId: 'pending-course', status: 'published' });
    await dataOf(cloud, 'o_cm_pending', 'createOrder', { courseId: 'pending-course' });
    expect(await callAs(cloud, OP, 'adminDeleteCourse', { courseId: 'pending-course' })).toMatchObject({ ok: false, error: { code: 'IN_USE' } });
  });
});
