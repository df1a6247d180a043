import { defineHandler } from '../shared/handler';
import { myCourses } from '../shared/lessons';

export const main = defineHandler('myCourses', (_input, caller) => myCourses(caller.openid));
