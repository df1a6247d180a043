import { defineHandler } from '../shared/platform/handler';
import { getLesson } from '../shared/learning/lessons';

export const main = defineHandler('getLesson', (input, caller) => getLesson(caller.openid, input.lessonId));
