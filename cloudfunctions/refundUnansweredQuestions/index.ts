import { timerTrigger } from '../shared/platform/handler';
import { refundUnansweredQuestions } from '../shared/questions/deadline';

/**
 * Refunds paid questions left unanswered past their deadline. Its timer
 * trigger (config.json) runs it; so may an operator's key. No learner.
 */
export const main = timerTrigger('refundUnansweredQuestions', () => refundUnansweredQuestions());
