/**
 * Member access (会员) through the real wx-server-sdk: a valid member opens a
 * member course's paid lessons without owning it, nobody else does, and an
 * expired membership is a comparison on read; getCourse says so and prices
 * with the member price.
 */
import { describe, expect, it } from 'vitest';
import { callAs, dataOf, demoCloudForSuite } from '../../../test/cloud/demo';
import { ownCourse } from '../../../test/cloud/holdings';

const suite = demoCloudForSuite();
const DAY = 24 * 3600 * 1000;

/** A membership document as settling a plan writes it: valid until `until`. */
async function membership(openid: string, until: Date): Promise<void> {
  await suite.db.collection('memberships').doc(openid).set({ data: { openid, _openid: openid, until, orderIds: ['M0000000000001'], updatedAt: new Date() } });
}

describe('member access to lessons', () => {
  it('opens a member course’s paid lessons to a valid member, unlocked in the outline, without owning it', async () => {
    const { cloud } = suite;
    await membership('o_mem_valid', new Date(Date.now() + 30 * DAY));
    const { lesson } = await dataOf(cloud, 'o_mem_valid', 'getLesson', { lessonId: 'course-song-l3' });
    expect(lesson).toMatchObject({ id: 'course-song-l3', kind: 'article', owned: false, body: expect.stringContaining('<h2>汴京</h2>') });
    expect(lesson.chapters.flatMap((c) => c.lessons).every((l) => !l.locked)).toBe(true);
    // and may keep progress in it
    expect((await dataOf(cloud, 'o_mem_valid', 'saveProgress', { lessonId: 'course-song-l2', positionSec: 3 })).progress.positionSec).toBe(3);
  });

  it('refuses a non-member, a member on a course not for members, and an expired membership', async () => {
    const { cloud } = suite;
    await membership('o_mem_valid2', new Date(Date.now() + 30 * DAY));
    await membership('o_mem_expired', new Date(Date.now() - 1000));
    expect(await callAs(cloud, 'o_mem_none', 'getLesson', { lessonId: 'course-song-l3' })).toMatchObject({ ok: false, error: { code: 'NOT_PURCHASED' } });
    expect(await callAs(cloud, 'o_mem_expired', 'getLesson', { lessonId: 'course-song-l3' })).toMatchObject({ ok: false, error: { code: 'NOT_PURCHASED' } });
    expect(await callAs(cloud, 'o_mem_expired', 'saveProgress', { lessonId: 'course-song-l2', positionSec: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_PURCHASED' } });
    // course-time is not for members
    expect(await callAs(cloud, 'o_mem_valid2', 'getLesson', { lessonId: 'course-time-l3' })).toMatchObject({ ok: false, error: { code: 'NOT_PURCHASED' } });
    const preview = (await dataOf(cloud, 'o_mem_expired', 'getLesson', { lessonId: 'course-song-l1' })).lesson;
    expect(preview.chapters.flatMap((c) => c.lessons).map((l) => [l.id, l.locked])).toEqual([
      ['course-song-l1', false],
      ['course-song-l2', true],
      ['course-song-l3', true],
      ['course-song-l4', true],
    ]);
  });

  it('ends member access when the course is unpublished, while an owner keeps it', async () => {
    const { cloud, db } = suite;
    await membership('o_mem_unpub', new Date(Date.now() + DAY));
    await ownCourse(db, 'o_mem_owner', 'course-sleep');
    await db.collection('courses').doc('course-sleep').update({ data: { status: 'unpublished' } });
    try {
      expect(await callAs(cloud, 'o_mem_unpub', 'getLesson', { lessonId: 'course-sleep-l2' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect((await dataOf(cloud, 'o_mem_owner', 'getLesson', { lessonId: 'course-sleep-l2' })).lesson.owned).toBe(true);
    } finally {
      await db.collection('courses').doc('course-sleep').update({ data: { status: 'published' } });
    }
    expect((await dataOf(cloud, 'o_mem_unpub', 'getLesson', { lessonId: 'course-sleep-l2' })).lesson.owned).toBe(false);
  });
});

describe('getCourse for members', () => {
  it('says memberAccess for a member on a member course, and prices it for them from the engine', async () => {
    const { cloud } = suite;
    await membership('o_mem_course', new Date(Date.now() + 30 * DAY));
    const song = await dataOf(cloud, 'o_mem_course', 'getCourse', { courseId: 'course-song' });
    expect(await cloud.roundTrips('getCourse')).toBeLessThanOrEqual(3);
    expect(song).toMatchObject({ owned: false, memberAccess: true, course: { memberIncluded: true, memberPriceFen: null } });
    expect(song.price).toEqual({ listFen: 6900, memberFen: null, ownedCreditFen: 0, couponId: null, couponFen: 0, totalFen: 6900 });
    // course-ts has a member price and is not open to members
    const ts = await dataOf(cloud, 'o_mem_course', 'getCourse', { courseId: 'course-ts' });
    expect(ts).toMatchObject({ owned: false, memberAccess: false, course: { memberIncluded: false, memberPriceFen: 14900 } });
    expect(ts.price).toMatchObject({ listFen: 19900, memberFen: 14900, totalFen: 14900 });
  });

  it('gives a non-member, an expired member and an owner no member access, and non-members the list price', async () => {
    const { cloud, db } = suite;
    await membership('o_mem_lapsed', new Date(Date.now() - DAY));
    for (const who of ['o_mem_stranger', 'o_mem_lapsed']) {
      const ts = await dataOf(cloud, who, 'getCourse', { courseId: 'course-ts' });
      expect(ts.price, who).toMatchObject({ listFen: 19900, memberFen: null, totalFen: 19900 });
      expect((await dataOf(cloud, who, 'getCourse', { courseId: 'course-song' })).memberAccess, who).toBe(false);
    }
    await membership('o_mem_buyer', new Date(Date.now() + DAY));
    await ownCourse(db, 'o_mem_buyer', 'course-english');
    expect(await dataOf(cloud, 'o_mem_buyer', 'getCourse', { courseId: 'course-english' })).toMatchObject({ owned: true, memberAccess: false });
  });

  it('puts the member marks on catalog cards', async () => {
    const { items } = await dataOf(suite.cloud, 'o_mem_cards', 'listCourses', { pageSize: 20 });
    const byId = new Map(items.map((c) => [c.id, c]));
    expect(byId.get('course-song')).toMatchObject({ memberIncluded: true, memberPriceFen: null });
    expect(byId.get('course-ts')).toMatchObject({ memberIncluded: false, memberPriceFen: 14900 });
    expect(items.filter((c) => c.memberIncluded).map((c) => c.id).sort()).toEqual(['course-english', 'course-sleep', 'course-song']);
  });

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
