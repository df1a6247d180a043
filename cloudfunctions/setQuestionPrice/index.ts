import { learnerCall } from '../shared/platform/handler';
import { setQuestionPrice } from '../shared/questions/instructors';

/** The calling teacher sets the price of a paid question. */
export const main = learnerCall('setQuestionPrice', (input, caller) => setQuestionPrice(caller.openid, input.questionPriceFen));
