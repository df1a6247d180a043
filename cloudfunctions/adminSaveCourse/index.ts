import { saveCourse } from '../shared/admin-courses';
import { operatorHandler } from '../shared/operators';

/** Creates or updates a course with its chapters and lessons (a new one starts as a draft). */
export const main = operatorHandler('adminSaveCourse', (input) => saveCourse(input.course));
