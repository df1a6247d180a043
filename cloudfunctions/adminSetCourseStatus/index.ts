import { setCourseStatus } from '../shared/catalog/admin-courses';
import { operatorCall } from '../shared/platform/handler';

/** Publishes or unpublishes a course; owners keep an unpublished course. */
export const main = operatorCall('adminSetCourseStatus', (input) => setCourseStatus(input.courseId, input.status));
