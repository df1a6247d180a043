import { getCourse } from '../shared/catalog/catalog';
import { defineHandler } from '../shared/platform/handler';

export const main = defineHandler('getCourse', (input, caller) => getCourse(caller.openid, input.courseId));
