import { learnerCall } from '../shared/platform/handler';
import { myCourses } from '../shared/learning/lessons';

export const main = learnerCall('myCourses', (_input, caller) => myCourses(caller.openid));
