import { deleteCourse } from '../shared/catalog/admin-courses';
import { operatorCall } from '../shared/platform/handler';

/** Deletes a course that nobody owns. */
export const main = operatorCall('adminDeleteCourse', (input) => deleteCourse(input.courseId));
