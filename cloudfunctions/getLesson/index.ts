import { learnerCall } from '../shared/platform/handler';
import { getLesson } from '../shared/learning/lessons';

export const main = learnerCall('getLesson', (input, caller) => getLesson(caller.openid, input.lessonId));
