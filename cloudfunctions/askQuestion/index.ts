import { learnerCall } from '../shared/platform/handler';
import { askQuestion } from '../shared/questions/questions';

/** A learner who owns the course asks under it (or one of its lessons). */
export const main = learnerCall('askQuestion', (input, caller) => askQuestion(caller.openid, input));
