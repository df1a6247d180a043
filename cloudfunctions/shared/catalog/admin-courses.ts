/**
 * Course management for operators: create and update a course with its
 * chapters and lessons, publish and unpublish, delete. Unpublished courses
 * leave the catalog but stay readable to their owners (catalog.ts, lessons.ts);
 * what learners own is never deleted.
 */
import type { CategoryDoc } from '../../../database-schema/categories/schema';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import { UNFINISHED_STATUSES, type OrderDoc } from '../../../database-schema/orders/schema';
import type { ParsedCourseInput } from '../../../typings/admin-api';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import { toAdminCourseView } from './admin-views';
import { _, db, docById, docs, inTransaction, txDoc } from '../platform/cloud';
import { buildCourseDoc, courseProblems, lessonIdsOf } from '../../../database-schema/courses/course-builder';
import { fail } from '../platform/errors';

async function hasOwners(courseId: string): Promise<boolean> {
  const owners = await docs(db.collection('entitlements').where({ courseId, status: 'active' }).field({ _id: true }).limit(1));
  return owners.length > 0;
}

/** Lesson IDs are global (getLesson finds a lesson by its ID alone): none may be another course's. */
async function lessonIdsTakenElsewhere(courseId: string, lessonIds: string[]): Promise<string[]> {
  const taken: string[] = [];
  for (let i = 0; i < lessonIds.length; i += 100) {
    const batch = lessonIds.slice(i, i + 100);
    const others = await docs<Pick<CourseDoc, '_id' | 'chapters'>>(
      db
        .collection('courses')
        // one clause a lesson: `_.in` on a path through arrays does not reach the lessons
        .where(_.or(batch.map((id) => ({ 'chapters.lessons.id': id }))))
        .field({ _id: true, chapters: true })
        .limit(100),
    );
    for (const other of others) {
      if (other._id === courseId) continue;
      taken.push(...lessonIdsOf(other).filter((id) => batch.includes(id)));
    }
  }
  return [...new Set(taken)];
}

export async function saveCourse(input: ParsedCourseInput): Promise<ResponseOf<'adminSaveCourse'>> {
  const problems = courseProblems(input);
  if (problems.length) return fail('INVALID_INPUT', problems.join('; '));
  const [existing, category, taken] = await Promise.all([
    docById<CourseDoc>('courses', input.id),
    docById<CategoryDoc>('categories', input.categoryId),
    lessonIdsTakenElsewhere(input.id, lessonIdsOf(input)),
  ]);
  if (!category) return fail('INVALID_INPUT', `分类 ${input.categoryId} 不存在`);
  if (taken.length) return fail('INVALID_INPUT', `课时 ID 已被其他课程使用：${taken.join(', ')}`);
  if (existing) {
    const kept = new Set(lessonIdsOf(input));
    const removed = lessonIdsOf(existing).filter((id) => !kept.has(id));
    if (removed.length && (await hasOwners(existing._id))) {
      return fail('IN_USE', `已有学员购买，不能删除课时：${removed.join(', ')}`);
    }
  }
  // what the save keeps (sales, rating) read again in the transaction that writes, so a purchase or review meanwhile is not lost
  const course = await inTransaction(async (tx) => {
    const built = buildCourseDoc(input, await txDoc<CourseDoc>(tx, 'courses', input.id), new Date());
    const { _id, ...data } = built;
    await tx.collection('courses').doc(_id).set({ data });
    return built;
  });
  return { course: toAdminCourseView(course), created: !existing };
}

export async function setCourseStatus(courseId: string, status: ParsedRequestOf<'adminSetCourseStatus'>['status']): Promise<ResponseOf<'adminSetCourseStatus'>> {
  const course = await docById<CourseDoc>('courses', courseId);
  if (!course) return fail('NOT_FOUND', '课程不存在');
  if (status === 'published' && course.lessonCount === 0) return fail('INVALID_INPUT', '没有课时的课程不能上架');
  const now = new Date();
  const change = {
    status,
    updatedAt: now,
    // the first publication dates the course in "newest first"; re-publishing keeps it
    publishedAt: status === 'published' ? (course.publishedAt ?? now) : course.publishedAt,
  };
  await db.collection('courses').doc(courseId).update({ data: change });
  return { course: toAdminCourseView({ ...course, ...change }) };
}

/** Only a course nobody owns, and with no order in flight that could still grant it. */
export async function deleteCourse(courseId: string): Promise<ResponseOf<'adminDeleteCourse'>> {
  const course = await docById<CourseDoc>('courses', courseId);
  if (!course) return fail('NOT_FOUND', '课程不存在');
  if (await hasOwners(courseId)) return fail('IN_USE', '已有学员购买的课程不能删除，可以下架');
  const open = await docs<OrderDoc>(
    db
      .collection('orders')
      .where({ courseId, status: _.in([...UNFINISHED_STATUSES]) })
      .field({ _id: true })
      .limit(1),
  );
  if (open.length) return fail('IN_USE', '该课程还有未完成的订单，请先下架，待订单结束后再删除');
  await db.collection('courses').doc(courseId).remove();
  return { courseId, deleted: true };
}
