/**
 * Teachers (讲师): a `users` document with `role: 'instructor'` and an
 * `instructors` document (its `_id` is what pages see, its `openid` never
 * leaves the server) that links the courses they answer for and sets their
 * price for a paid question.
 */
import type { InstructorDoc } from '../../../database-schema/instructors/schema';
import type { UserDoc } from '../../../database-schema/users/schema';
import type { ResponseOf } from '../../../typings/api';
import { db, docById, docs } from '../platform/cloud';
import { fail } from '../platform/errors';
import { toInstructorView } from './views';

async function instructorOf(openid: string): Promise<InstructorDoc | null> {
  const [found] = await docs<InstructorDoc>(db.collection('instructors').where({ openid }).limit(1));
  return found ?? null;
}

/** The calling teacher's document, or FORBIDDEN: the role and the document both. */
export async function requireInstructor(openid: string): Promise<InstructorDoc> {
  const [user, instructor] = await Promise.all([docById<UserDoc>('users', openid), instructorOf(openid)]);
  if (user?.role !== 'instructor' || !instructor) return fail('FORBIDDEN', '仅讲师可以操作');
  return instructor;
}

/** The teacher of a course, if one is linked. */
export async function instructorOfCourse(courseId: string): Promise<InstructorDoc | null> {
  const [found] = await docs<InstructorDoc>(db.collection('instructors').where({ courseIds: courseId }).limit(1));
  return found ?? null;
}

export async function setQuestionPrice(openid: string, questionPriceFen: number | null): Promise<ResponseOf<'setQuestionPrice'>> {
  const instructor = await requireInstructor(openid);
  const updatedAt = new Date();
  await db.collection('instructors').doc(instructor._id).update({ data: { questionPriceFen, updatedAt } });
  return { instructor: toInstructorView({ ...instructor, questionPriceFen, updatedAt }) };
}
