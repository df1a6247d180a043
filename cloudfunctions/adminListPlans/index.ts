import { listPlansForOperator } from '../shared/membership/plans';
import { operatorCall } from '../shared/platform/handler';

/** Every membership plan, whatever its status, in display order. */
export const main = operatorCall('adminListPlans', () => listPlansForOperator());
