import { operatorCall } from '../shared/platform/handler';
import { listQuestionsForOperator } from '../shared/questions/admin-questions';

/** Questions by status for operators (held ones: the moderation queue). */
export const main = operatorCall('adminListQuestions', (input) => listQuestionsForOperator(input));
