import { learnerCall } from '../shared/platform/handler';
import { listQuestions } from '../shared/questions/questions';

/** The listed questions of a course or a lesson, newest first. */
export const main = learnerCall('listQuestions', (input, caller) => listQuestions(caller.openid, input));
