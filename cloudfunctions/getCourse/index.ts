import { getCourse } from '../shared/catalog/catalog';
import { learnerCall } from '../shared/platform/handler';

export const main = learnerCall('getCourse', (input, caller) => getCourse(caller.openid, input.courseId));
