import { listCourses } from '../shared/catalog';
import { defineHandler } from '../shared/handler';

export const main = defineHandler('listCourses', (input, caller) => listCourses(caller.openid, input));
