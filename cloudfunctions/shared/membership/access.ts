/**
 * Who may open a course's paid lessons: its owner (an active entitlement), or
 * a valid member (会员) when the course is `memberIncluded` and on sale. The
 * one place that decides it, for getLesson, saveProgress and getCourse.
 * Expiry is the comparison with `now` on every read (isMemberAt), never a
 * job that might not run.
 */
import type { CourseDoc } from '../../../database-schema/courses/schema';
import { isMemberAt, type MembershipDoc } from '../../../database-schema/memberships/schema';
import { ownsCourse } from '../learning/entitlements';
import { membershipOf } from '../pricing/buyer';

export interface CourseAccess {
  /** an active entitlement: kept also after the course is unpublished */
  owned: boolean;
  /** open through a valid membership, without owning it */
  memberAccess: boolean;
}

/**
 * Member access needs the course published: unpublishing takes a course off
 * sale and out of membership alike, while those who bought it keep it.
 */
export function courseAccess(course: Pick<CourseDoc, 'status' | 'memberIncluded'>, owned: boolean, membership: Pick<MembershipDoc, 'until'> | null, now: Date): CourseAccess {
  return { owned, memberAccess: !owned && course.status === 'published' && course.memberIncluded === true && isMemberAt(membership, now) };
}

export const mayOpen = (access: CourseAccess): boolean => access.owned || access.memberAccess;

/** The caller's access, read: the entitlement and (only for a member course) the membership, in parallel. */
export async function courseAccessOf(openid: string, course: Pick<CourseDoc, '_id' | 'status' | 'memberIncluded'>, now: Date): Promise<CourseAccess> {
  const [owned, membership] = await Promise.all([ownsCourse(openid, course._id), course.memberIncluded ? membershipOf(openid) : null]);
  return courseAccess(course, owned, membership, now);
}
