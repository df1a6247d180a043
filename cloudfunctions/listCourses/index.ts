import { listCourses } from '../shared/catalog/catalog';
import { learnerCall } from '../shared/platform/handler';

export const main = learnerCall('listCourses', (input, caller) => listCourses(caller.openid, input));
