import { learnerCall } from '../shared/platform/handler';
import { listInstructorQuestions } from '../shared/questions/questions';

/** The calling teacher's inbox of paid questions (delivered once paid). */
export const main = learnerCall('listInstructorQuestions', (input, caller) => listInstructorQuestions(caller.openid, input));
