import { learnerCall } from '../shared/platform/handler';
import { saveProgress } from '../shared/learning/lessons';

export const main = learnerCall('saveProgress', (input, caller) => saveProgress(caller.openid, input));
