import { operatorCall } from '../shared/platform/handler';
import { moderateQuestion } from '../shared/questions/admin-questions';

/** An operator passes or rejects a held question; a rejected paid one is refunded in full. */
export const main = operatorCall('moderateQuestion', (input, operator) => moderateQuestion(input, operator));
