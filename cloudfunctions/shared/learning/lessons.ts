import type { CourseDoc, LessonDoc } from '../../../database-schema/courses/schema';
import type { EntitlementDoc } from '../../../database-schema/entitlements/schema';
import { LEARNED_SHARE, progressId, type ProgressDoc } from '../../../database-schema/progress/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { ContinueLesson, LessonContent, LessonKind, MyCourseItem, OutlineChapter } from '../../../typings/entities';
import { _, db, docById, docs } from '../platform/cloud';
import { fail } from '../platform/errors';
import { coverUrls, mediaUrl, mediaUrls } from '../platform/media';
import { COURSE_CARD_FIELDS, toCourseCard, toLessonSummary, type CourseCardDoc } from '../catalog/views';
import { courseAccessOf, mayOpen, type CourseAccess } from '../membership/access';

interface LocatedLesson {
  course: CourseDoc;
  lesson: LessonDoc;
}

const allLessons = (course: Pick<CourseDoc, 'chapters'>) => course.chapters.flatMap((ch) => ch.lessons);

async function locateLesson(lessonId: string): Promise<LocatedLesson> {
  const [course] = await docs<CourseDoc>(db.collection('courses').where({ 'chapters.lessons.id': lessonId }).limit(1));
  const lesson = course ? allLessons(course).find((l) => l.id === lessonId) : undefined;
  if (!course || !lesson) return fail('NOT_FOUND', '课时不存在');
  return { course, lesson };
}

/**
 * Who may open a lesson: anyone for a free preview of a published course, an
 * owner for everything (also after the course is unpublished), a valid
 * member for a published member course (membership/access.ts). Answers the
 * caller's access.
 */
async function assertCanOpen({ course, lesson }: LocatedLesson, openid: string): Promise<CourseAccess> {
  const access = await courseAccessOf(openid, course, new Date());
  if (mayOpen(access) || (lesson.freePreview && course.status === 'published')) return access;
  if (course.status !== 'published') fail('NOT_FOUND', '课程不存在或已下架');
  return fail('NOT_PURCHASED', '购买课程后即可学习');
}

const isMedia = (kind: LessonKind) => kind === 'video' || kind === 'audio';

/**
 * How much of a lesson a progress document says is learned, 0–1. Video and
 * audio go by the position against the lesson's length; e-books and articles
 * by the share the page reported. Documents from before learnedShare was kept
 * count what their position says.
 */
export function learnedShare(lesson: Pick<LessonDoc, 'kind' | 'durationSec'>, progress: Pick<ProgressDoc, 'positionSec' | 'completed' | 'learnedShare'> | undefined): number {
  if (!progress) return 0;
  if (progress.completed) return 1;
  if (progress.learnedShare !== undefined) return progress.learnedShare;
  return isMedia(lesson.kind) && lesson.durationSec > 0 ? Math.min(1, progress.positionSec / lesson.durationSec) : 0;
}

/** The caller's progress in every lesson of a course: one indexed query. */
async function courseProgress(openid: string, courseId: string): Promise<Map<string, ProgressDoc>> {
  const rows = await docs<ProgressDoc>(db.collection('progress').where({ openid, courseId }).limit(1000));
  return new Map(rows.map((p) => [p.lessonId, p]));
}

/** `open`: the caller may open every lesson (an owner, or a member of a member course). */
function outline(course: CourseDoc, open: boolean, progress: ReadonlyMap<string, ProgressDoc>): OutlineChapter[] {
  return course.chapters.map((chapter) => ({
    id: chapter.id,
    title: chapter.title,
    lessons: chapter.lessons.map((l) => ({
      ...toLessonSummary(l),
      locked: !open && !(l.freePreview && course.status === 'published'),
      completed: progress.get(l.id)?.completed ?? false,
    })),
  }));
}

/** `src="cloud://..."` of the images in an article's body, which a phone cannot load by file ID. */
const CLOUD_SRC = /(<img\b[^>]*?\bsrc=)(["'])(cloud:\/\/[^"']+)\2/gi;

function articleImageIds(body: string): string[] {
  return [...body.matchAll(CLOUD_SRC)].map((m) => m[3]!);
}

function withImageUrls(body: string, urls: ReadonlyMap<string, string>): string {
  // an image WeChat could not sign is left out rather than shown broken by its file ID
  return body.replace(CLOUD_SRC, (_match, head: string, quote: string, fileId: string) => `${head}${quote}${urls.get(fileId) ?? ''}${quote}`);
}

export async function getLesson(openid: string, lessonId: string): Promise<ResponseOf<'getLesson'>> {
  const located = await locateLesson(lessonId);
  const [access, progress] = await Promise.all([assertCanOpen(located, openid), courseProgress(openid, located.course._id)]);
  const { course, lesson } = located;
  const lessons = allLessons(course);
  const index = lessons.findIndex((l) => l.id === lesson.id);
  const mine = progress.get(lesson.id);
  // the cover for a day, the lesson's media and an article's images (paid content) for as long as media last
  const [covers, media, images] = await Promise.all([
    coverUrls([course.coverFileId]),
    lesson.kind === 'article' ? null : mediaUrl(lesson.mediaFileId),
    lesson.kind === 'article' ? mediaUrls(articleImageIds(lesson.body)) : null,
  ]);
  const base = {
    id: lesson.id,
    courseId: course._id,
    courseTitle: course.title,
    instructor: course.instructor,
    coverUrl: covers.get(course.coverFileId) ?? '',
    title: lesson.title,
    durationSec: lesson.durationSec,
    freePreview: lesson.freePreview,
    owned: access.owned,
    positionSec: mine?.positionSec ?? 0,
    completed: mine?.completed ?? false,
    prevLessonId: lessons[index - 1]?.id ?? null,
    nextLessonId: lessons[index + 1]?.id ?? null,
    chapters: outline(course, mayOpen(access), progress),
  };
  const content: LessonContent =
    lesson.kind === 'article' ? { ...base, kind: 'article', body: withImageUrls(lesson.body, images!) } : { ...base, kind: lesson.kind, ...media! };
  return { lesson: content };
}

export async function saveProgress(openid: string, request: ParsedRequestOf<'saveProgress'>): Promise<ResponseOf<'saveProgress'>> {
  const id = progressId(openid, request.lessonId);
  const [located, previous] = await Promise.all([locateLesson(request.lessonId), docById<ProgressDoc>('progress', id)]);
  await assertCanOpen(located, openid);
  const { lesson } = located;
  const positionSec = request.positionSec;
  const reached = isMedia(lesson.kind)
    ? lesson.durationSec > 0
      ? Math.min(1, positionSec / lesson.durationSec)
      : 0
    : (request.readShare ?? 0);
  // the most ever reached: going back in a lesson does not unlearn it, and once completed it stays so
  const share = Math.max(reached, learnedShare(lesson, previous ?? undefined));
  const completed = request.completed || share >= LEARNED_SHARE;
  const now = new Date();
  const doc: Omit<ProgressDoc, '_id'> = {
    openid,
    _openid: openid,
    courseId: located.course._id,
    lessonId: request.lessonId,
    positionSec,
    learnedShare: completed ? 1 : share,
    completed,
    updatedAt: now,
  };
  await db.collection('progress').doc(id).set({ data: doc });
  return { progress: { lessonId: request.lessonId, positionSec, completed, updatedAt: now.getTime() } };
}

/**
 * The caller's courses with their progress, in three queries whatever the
 * number of courses: entitlements, then the courses and the progress at once.
 */
export async function myCourses(openid: string): Promise<ResponseOf<'myCourses'>> {
  const entitlements = await docs<EntitlementDoc>(
    db.collection('entitlements').where({ openid, status: 'active' }).orderBy('grantedAt', 'desc').limit(100),
  );
  const courseIds = entitlements.map((e) => e.courseId);
  if (courseIds.length === 0) return { items: [] };
  const [courses, progress] = await Promise.all([
    docs<CourseCardDoc & Pick<CourseDoc, 'chapters'>>(
      db
        .collection('courses')
        .where({ _id: _.in(courseIds) })
        .field({
          ...COURSE_CARD_FIELDS,
          'chapters.lessons.id': true,
          'chapters.lessons.title': true,
          'chapters.lessons.kind': true,
          'chapters.lessons.durationSec': true,
        })
        .limit(100),
    ),
    docs<ProgressDoc>(
      db.collection('progress').where({ openid, courseId: _.in(courseIds) }).orderBy('updatedAt', 'desc').limit(1000),
    ),
  ]);
  const courseById = new Map(courses.map((c) => [c._id, c]));
  const covers = await coverUrls(courses.map((c) => c.coverFileId));
  const items: MyCourseItem[] = [];
  for (const courseId of courseIds) {
    const course = courseById.get(courseId);
    if (!course) continue;
    const lessons = allLessons(course);
    const byLesson = new Map(progress.filter((p) => p.courseId === courseId).map((p) => [p.lessonId, p] as const));
    // newest first: the first of the course's lessons in the list is the last one touched
    const last = progress.find((p) => p.courseId === courseId && lessons.some((l) => l.id === p.lessonId));
    const completedLessons = lessons.filter((l) => byLesson.get(l.id)?.completed).length;
    items.push({
      course: toCourseCard(course, true, covers),
      completedLessons,
      totalLessons: lessons.length,
      progressPercent: coursePercent(lessons, byLesson),
      continueLesson: continueFrom(lessons, last),
      lastStudiedAt: last ? last.updatedAt.getTime() : null,
    });
  }
  return { items };
}

type LessonHead = Pick<LessonDoc, 'id' | 'title' | 'kind' | 'durationSec'>;

/** The share of a course's lesson time learned, 0–100; by lesson count when no lesson has a length. */
function coursePercent(lessons: LessonHead[], progress: ReadonlyMap<string, ProgressDoc>): number {
  const total = lessons.reduce((sum, l) => sum + l.durationSec, 0);
  const learned = lessons.reduce((sum, l) => sum + (total > 0 ? l.durationSec : 1) * learnedShare(l, progress.get(l.id)), 0);
  const whole = total > 0 ? total : lessons.length;
  return whole > 0 ? Math.floor((learned / whole) * 100) : 0;
}

/** Continue in the last lesson touched, or in the next one when that one is done; the first lesson to start. */
function continueFrom(lessons: LessonHead[], last: ProgressDoc | undefined): ContinueLesson | null {
  const at = last ? lessons.findIndex((l) => l.id === last.lessonId) : -1;
  const next = last?.completed ? lessons[at + 1] : undefined;
  const lesson = next ?? lessons[Math.max(0, at)];
  if (!lesson) return null;
  // a finished last lesson of the course starts over
  const positionSec = lesson === lessons[at] && last && !last.completed ? last.positionSec : 0;
  return { id: lesson.id, title: lesson.title, kind: lesson.kind, positionSec };
}
