import { listCourses } from '../shared/catalog/catalog';
import { defineHandler } from '../shared/platform/handler';

export const main = defineHandler('listCourses', (input, caller) => listCourses(caller.openid, input));
