import { saveCourse } from '../shared/catalog/admin-courses';
import { operatorHandler } from '../shared/operators/operators';

/** Creates or updates a course with its chapters and lessons (a new one starts as a draft). */
export const main = operatorHandler('adminSaveCourse', (input) => saveCourse(input.course));
