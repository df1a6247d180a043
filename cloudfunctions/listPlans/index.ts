import { listPlans } from '../shared/membership/plans';
import { learnerCall } from '../shared/platform/handler';

/** Membership plans (会员) on sale, the caller's membership, and how many courses members open. */
export const main = learnerCall('listPlans', (_input, caller) => listPlans(caller.openid));
