import { learnerCall } from '../shared/platform/handler';
import { getInstructor } from '../shared/questions/questions';

/** A teacher's page: profile, price, public answered questions. */
export const main = learnerCall('getInstructor', (input, caller) => getInstructor(caller.openid, input.instructorId));
