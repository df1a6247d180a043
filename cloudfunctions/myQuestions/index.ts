import { learnerCall } from '../shared/platform/handler';
import { myQuestions } from '../shared/questions/questions';

/** 我的提问: the caller's questions with their status and deadline. */
export const main = learnerCall('myQuestions', (input, caller) => myQuestions(caller.openid, input));
