import type { CourseDoc, LessonDoc } from '../../database-schema/courses/schema';
import type { EntitlementDoc } from '../../database-schema/entitlements/schema';
import { progressId, type ProgressDoc } from '../../database-schema/progress/schema';
import type { ParsedRequestOf, ResponseOf } from '../../typings/api';
import type { LessonContent, MyCourseItem } from '../../typings/entities';
import { _, db, docById, docs } from './cloud';
import { ownsCourse } from './entitlements';
import { fail } from './errors';
import { coverUrls, mediaUrl } from './media';
import { COURSE_CARD_FIELDS, toCourseCard, type CourseCardDoc } from './views';

interface LocatedLesson {
  course: CourseDoc;
  lesson: LessonDoc;
  nextLessonId: string | null;
}

const allLessons = (course: Pick<CourseDoc, 'chapters'>) => course.chapters.flatMap((ch) => ch.lessons);

async function locateLesson(lessonId: string): Promise<LocatedLesson> {
  const [course] = await docs<CourseDoc>(db.collection('courses').where({ 'chapters.lessons.id': lessonId }).limit(1));
  const lessons = course ? allLessons(course) : [];
  const index = lessons.findIndex((l) => l.id === lessonId);
  if (!course || index < 0) return fail('NOT_FOUND', '课时不存在');
  return { course, lesson: lessons[index]!, nextLessonId: lessons[index + 1]?.id ?? null };
}

/**
 * Who may open a lesson: anyone for a free preview of a published course, an
 * owner for everything (also after the course is unpublished).
 */
async function assertCanOpen({ course, lesson }: LocatedLesson, openid: string): Promise<void> {
  const owned = lesson.freePreview && course.status === 'published' ? true : await ownsCourse(openid, course._id);
  if (owned) return;
  if (course.status !== 'published') fail('NOT_FOUND', '课程不存在或已下架');
  if (!lesson.freePreview) fail('NOT_PURCHASED', '购买课程后即可学习');
}

export async function getLesson(openid: string, lessonId: string): Promise<ResponseOf<'getLesson'>> {
  const [located, progress] = await Promise.all([
    locateLesson(lessonId),
    docById<ProgressDoc>('progress', progressId(openid, lessonId)),
  ]);
  await assertCanOpen(located, openid);
  const { course, lesson, nextLessonId } = located;
  const base = {
    id: lesson.id,
    courseId: course._id,
    title: lesson.title,
    durationSec: lesson.durationSec,
    freePreview: lesson.freePreview,
    positionSec: progress?.positionSec ?? 0,
    completed: progress?.completed ?? false,
    nextLessonId,
  };
  const content: LessonContent =
    lesson.kind === 'article'
      ? { ...base, kind: 'article', body: lesson.body }
      : { ...base, kind: lesson.kind, ...(await mediaUrl(lesson.mediaFileId)) };
  return { lesson: content };
}

export async function saveProgress(openid: string, request: ParsedRequestOf<'saveProgress'>): Promise<ResponseOf<'saveProgress'>> {
  const id = progressId(openid, request.lessonId);
  const [located, previous] = await Promise.all([locateLesson(request.lessonId), docById<ProgressDoc>('progress', id)]);
  await assertCanOpen(located, openid);
  const positionSec = request.positionSec;
  // once completed, a lesson stays completed when the learner watches it again
  const completed = request.completed || (previous?.completed ?? false);
  const now = new Date();
  const doc: Omit<ProgressDoc, '_id'> = {
    openid,
    _openid: openid,
    courseId: located.course._id,
    lessonId: request.lessonId,
    positionSec,
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
        .field({ ...COURSE_CARD_FIELDS, 'chapters.lessons.id': true })
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
    const lessonIds = allLessons(course).map((l) => l.id);
    const mine = progress.filter((p) => p.courseId === courseId && lessonIds.includes(p.lessonId));
    const last = mine[0]; // newest first
    const completedIds = new Set(mine.filter((p) => p.completed).map((p) => p.lessonId));
    // continue where the learner was, or at the next lesson when that one is done
    let continueLessonId = lessonIds[0] ?? null;
    if (last) {
      const lastIndex = lessonIds.indexOf(last.lessonId);
      continueLessonId = last.completed && lessonIds[lastIndex + 1] ? lessonIds[lastIndex + 1]! : last.lessonId;
    }
    items.push({
      course: toCourseCard(course, true, covers),
      completedLessons: completedIds.size,
      totalLessons: lessonIds.length,
      continueLessonId,
      lastStudiedAt: last ? last.updatedAt.getTime() : null,
    });
  }
  return { items };
}
