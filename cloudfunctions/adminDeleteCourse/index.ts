import { deleteCourse } from '../shared/admin-courses';
import { operatorHandler } from '../shared/operators';

/** Deletes a course that nobody owns. */
export const main = operatorHandler('adminDeleteCourse', (input) => deleteCourse(input.courseId));
