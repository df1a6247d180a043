import { defineHandler } from '../shared/platform/handler';
import { myCourses } from '../shared/learning/lessons';

export const main = defineHandler('myCourses', (_input, caller) => myCourses(caller.openid));
