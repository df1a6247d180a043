import { saveCourse } from '../shared/catalog/admin-courses';
import { operatorCall } from '../shared/platform/handler';

/** Creates or updates a course with its chapters and lessons (a new one starts as a draft). */
export const main = operatorCall('adminSaveCourse', (input) => saveCourse(input.course));
