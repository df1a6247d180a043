import type { CourseDoc } from '../../../database-schema/courses/schema';
import type { AdminCourseView } from '../../../typings/admin-api';
import { toMillis } from '../platform/time';

export function toAdminCourseView(course: CourseDoc): AdminCourseView {
  return {
    id: course._id,
    title: course.title,
    status: course.status,
    priceFen: course.priceFen,
    lessonCount: course.lessonCount,
    salesCount: course.salesCount,
    updatedAt: course.updatedAt.getTime(),
    publishedAt: toMillis(course.publishedAt),
  };
}
