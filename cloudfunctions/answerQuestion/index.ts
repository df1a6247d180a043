import { learnerCall } from '../shared/platform/handler';
import { answerQuestion } from '../shared/questions/questions';

/** A teacher (or, for a free question, an operator) answers an open question. */
export const main = learnerCall('answerQuestion', (input, caller) => answerQuestion(caller, input));
