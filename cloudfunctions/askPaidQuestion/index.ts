import { learnerCall } from '../shared/platform/handler';
import { askPaidQuestion } from '../shared/questions/questions';

/** A paid question to a teacher and its order, priced on the server: see shared/questions/questions.ts. */
export const main = learnerCall('askPaidQuestion', (input, caller) => askPaidQuestion(caller.openid, input));
