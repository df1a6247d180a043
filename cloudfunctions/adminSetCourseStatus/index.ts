import { setCourseStatus } from '../shared/catalog/admin-courses';
import { operatorHandler } from '../shared/operators/operators';

/** Publishes or unpublishes a course; owners keep an unpublished course. */
export const main = operatorHandler('adminSetCourseStatus', (input) => setCourseStatus(input.courseId, input.status));
