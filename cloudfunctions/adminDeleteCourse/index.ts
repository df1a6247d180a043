import { deleteCourse } from '../shared/catalog/admin-courses';
import { operatorHandler } from '../shared/operators/operators';

/** Deletes a course that nobody owns. */
export const main = operatorHandler('adminDeleteCourse', (input) => deleteCourse(input.courseId));
