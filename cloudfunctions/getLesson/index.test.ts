import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { useSdk } from '../../test/cloud/sdk';

let cloud: TestCloud;
let db: ReturnType<typeof WxServerSdk.database>;
beforeAll(async () => {
  cloud = await startDemoCloud();
  db = (useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
  await buyCourse(cloud, 'o_student', 'course-time');
}, 60_000);
afterAll(() => cloud?.stop());

describe('getLesson', () => {
  it('opens a free preview for anyone, its media as a short-lived URL that serves the file', async () => {
    const { lesson } = await dataOf(cloud, 'o_visitor', 'getLesson', { lessonId: 'course-time-l1' });
    expect(lesson).toMatchObject({ id: 'course-time-l1', courseId: 'course-time', kind: 'video', freePreview: true, positionSec: 0, nextLessonId: 'course-time-l2' });
    if (lesson.kind !== 'video') throw new Error('expected a video');
    expect(lesson.mediaUrl).toMatch(/^http/);
    expect(lesson.mediaUrl).not.toContain('cloud://');
    expect(lesson.urlExpiresAt).toBeGreaterThan(Date.now());
    const media = await fetch(lesson.mediaUrl);
    expect(media.status).toBe(200);
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it("answers the course's outline with the caller's locks, the lessons around, and the cover", async () => {
    const visitor = (await dataOf(cloud, 'o_visitor', 'getLesson', { lessonId: 'course-time-l2' })).lesson;
    expect(visitor).toMatchObject({ owned: false, prevLessonId: 'course-time-l1', nextLessonId: 'course-time-l3', courseTitle: '高效时间管理 21 讲', instructor: '林晓' });
    expect(visitor.coverUrl).toMatch(/^http/);
    const rows = visitor.chapters.flatMap((c) => c.lessons);
    expect(rows.map((l) => [l.id, l.locked])).toEqual([
      ['course-time-l1', false],
      ['course-time-l2', false],
      ['course-time-l3', true],
      ['course-time-l4', true],
      ['course-time-l5', true],
    ]);
    const owner = (await dataOf(cloud, 'o_student', 'getLesson', { lessonId: 'course-time-l1' })).lesson;
    expect(owner).toMatchObject({ owned: true, prevLessonId: null });
    expect(owner.chapters.flatMap((c) => c.lessons).every((l) => !l.locked)).toBe(true);
  });

  it('refuses a paid lesson to a learner who does not own the course', async () => {
    expect(await callAs(cloud, 'o_visitor', 'getLesson', { lessonId: 'course-time-l3' })).toMatchObject({ ok: false, error: { code: 'NOT_PURCHASED' } });
  });

  it("opens every lesson to an owner: an article's body, an e-book's pages file", async () => {
    const audio = await dataOf(cloud, 'o_student', 'getLesson', { lessonId: 'course-time-l4' });
    expect(audio.lesson.kind).toBe('audio');
    const article = await dataOf(cloud, 'o_student', 'getLesson', { lessonId: 'course-time-l2' });
    expect(article.lesson).toMatchObject({ kind: 'article', body: expect.stringContaining('<h2>时间日志</h2>') });
    const ebook = await dataOf(cloud, 'o_student', 'getLesson', { lessonId: 'course-time-l5' });
    if (ebook.lesson.kind !== 'ebook') throw new Error('expected an e-book');
    expect(ebook.lesson.nextLessonId).toBeNull();
    const pages = (await (await fetch(ebook.lesson.mediaUrl)).json()) as { pages: { title: string }[] };
    expect(pages.pages[0]!.title).toBe('前言');
  });

  it('says NOT_FOUND for a lesson that does not exist, and refuses bad input', async () => {
    expect(await callAs(cloud, 'o_student', 'getLesson', { lessonId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const bad of [{}, { lessonId: '' }, { lessonId: ['a'] }, { lessonId: 'course-time-l1', courseId: 'x' }]) {
      expect(await callAs(cloud, 'o_student', 'getLesson', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('keeps an unpublished course for its owners and hides it from everyone else', async () => {
    await buyCourse(cloud, 'o_early', 'course-run');
    await db.collection('courses').doc('course-run').update({ data: { status: 'unpublished' } });
    try {
      expect((await dataOf(cloud, 'o_early', 'getLesson', { lessonId: 'course-run-l2' })).lesson.id).toBe('course-run-l2');
      expect((await dataOf(cloud, 'o_early', 'getCourse', { courseId: 'course-run' })).owned).toBe(true);
      expect(await callAs(cloud, 'o_visitor', 'getLesson', { lessonId: 'course-run-l1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await callAs(cloud, 'o_visitor', 'getCourse', { courseId: 'course-run' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await callAs(cloud, 'o_visitor', 'createOrder', { courseId: 'course-run' })).toMatchObject({ ok: false, error: { code: 'NOT_ON_SALE' } });
      const catalog = await dataOf(cloud, 'o_visitor', 'listCourses', { pageSize: 20 });
      expect(catalog.items.map((c) => c.id)).not.toContain('course-run');
      expect((await dataOf(cloud, 'o_early', 'myCourses', {})).items.map((i) => i.course.id)).toContain('course-run');
    } finally {
      await db.collection('courses').doc('course-run').update({ data: { status: 'published' } });
    }
  });
});

describe('saveProgress and myCourses', () => {
  it('resumes where the learner left, keeps a completed lesson completed, and continues with the next', async () => {
    const saved = await dataOf(cloud, 'o_student', 'saveProgress', { lessonId: 'course-time-l3', positionSec: 2.5 });
    expect(saved.progress).toMatchObject({ lessonId: 'course-time-l3', positionSec: 2.5, completed: false });
    expect((await dataOf(cloud, 'o_student', 'getLesson', { lessonId: 'course-time-l3' })).lesson.positionSec).toBe(2.5);

    await dataOf(cloud, 'o_student', 'saveProgress', { lessonId: 'course-time-l1', positionSec: 4, completed: true });
    const rewatch = await dataOf(cloud, 'o_student', 'saveProgress', { lessonId: 'course-time-l1', positionSec: 1 });
    expect(rewatch.progress.completed).toBe(true);

    const { items } = await dataOf(cloud, 'o_student', 'myCourses', {});
    const time = items.find((i) => i.course.id === 'course-time')!;
    // the last lesson touched is done, so the next one is where to go on
    expect(time).toMatchObject({ completedLessons: 1, totalLessons: 5, continueLesson: { id: 'course-time-l2', title: '时间日志怎么记', positionSec: 0 }, course: { owned: true } });
    await dataOf(cloud, 'o_student', 'saveProgress', { lessonId: 'course-time-l3', positionSec: 4, completed: true });
    const after = (await dataOf(cloud, 'o_student', 'myCourses', {})).items.find((i) => i.course.id === 'course-time')!;
    expect(after).toMatchObject({ completedLessons: 2, continueLesson: { id: 'course-time-l4', kind: 'audio' } });
    expect(await cloud.roundTrips('myCourses')).toBeLessThanOrEqual(3);
  });

  it('counts a lesson learned at 90 %, and a course by the share of its lesson time learned, partial lessons in part', async () => {
    const me = 'o_partial';
    await buyCourse(cloud, me, 'course-time');
    // course-time: video 4 s, article 300 s, video 4 s, audio 6 s, e-book 600 s = 914 s
    const half = await dataOf(cloud, me, 'saveProgress', { lessonId: 'course-time-l4', positionSec: 3 });
    expect(half.progress.completed).toBe(false);
    let item = (await dataOf(cloud, me, 'myCourses', {})).items.find((i) => i.course.id === 'course-time')!;
    expect(item).toMatchObject({ progressPercent: 0, completedLessons: 0, continueLesson: { id: 'course-time-l4', positionSec: 3 } });
    // half the e-book read: 300 of 914 s, with the audio's 3 s
    await dataOf(cloud, me, 'saveProgress', { lessonId: 'course-time-l5', positionSec: 1, readShare: 0.5 });
    item = (await dataOf(cloud, me, 'myCourses', {})).items.find((i) => i.course.id === 'course-time')!;
    expect(item.progressPercent).toBe(Math.floor(((3 + 300) / 914) * 100));
    expect(item.continueLesson).toMatchObject({ id: 'course-time-l5', kind: 'ebook', positionSec: 1 });
    // 5.4 of 6 s is 90 %: learned, without the end being reached; going back does not unlearn it
    expect((await dataOf(cloud, me, 'saveProgress', { lessonId: 'course-time-l4', positionSec: 5.4 })).progress.completed).toBe(true);
    expect((await dataOf(cloud, me, 'saveProgress', { lessonId: 'course-time-l4', positionSec: 1 })).progress.completed).toBe(true);
    // a share read of the e-book never goes down either
    await dataOf(cloud, me, 'saveProgress', { lessonId: 'course-time-l5', positionSec: 0, readShare: 0.1 });
    item = (await dataOf(cloud, me, 'myCourses', {})).items.find((i) => i.course.id === 'course-time')!;
    expect(item).toMatchObject({ completedLessons: 1, progressPercent: Math.floor(((6 + 300) / 914) * 100) });
    const { lesson } = await dataOf(cloud, me, 'getLesson', { lessonId: 'course-time-l3' });
    expect(lesson.chapters.flatMap((c) => c.lessons).filter((l) => l.completed).map((l) => l.id)).toEqual(['course-time-l4']);
    expect(await cloud.roundTrips('myCourses')).toBeLessThanOrEqual(3);
  });

  it("saves progress only on lessons the learner may open, and only the learner's own", async () => {
    expect(await callAs(cloud, 'o_visitor', 'saveProgress', { lessonId: 'course-time-l3', positionSec: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_PURCHASED' },
    });
    expect(await cloud.find('progress', { openid: 'o_visitor', lessonId: 'course-time-l3' })).toEqual([]);
    for (const bad of [{ lessonId: 'course-time-l1', positionSec: -1 }, { lessonId: 'course-time-l1', positionSec: '10' }, { lessonId: 'course-time-l1' }]) {
      expect(await callAs(cloud, 'o_student', 'saveProgress', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect((await dataOf(cloud, 'o_nobody', 'myCourses', {})).items).toEqual([]);
  });

  it('makes no query that a declared index does not serve', () => {
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});
