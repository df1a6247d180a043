import { defineHandler } from '../shared/handler';
import { getLesson } from '../shared/lessons';

export const main = defineHandler('getLesson', (input, caller) => getLesson(caller.openid, input.lessonId));
