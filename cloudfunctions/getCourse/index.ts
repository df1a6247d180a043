import { getCourse } from '../shared/catalog';
import { defineHandler } from '../shared/handler';

export const main = defineHandler('getCourse', (input, caller) => getCourse(caller.openid, input.courseId));
