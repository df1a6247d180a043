import { savePlan } from '../shared/membership/plans';
import { operatorCall } from '../shared/platform/handler';

/** Creates or updates a membership plan. */
export const main = operatorCall('adminSavePlan', (input) => savePlan(input));
