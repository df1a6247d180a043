import { listOrdersForOperator } from '../shared/orders/admin-orders';
import { operatorCall } from '../shared/platform/handler';

/** Orders by status and creation day, newest first, for operators. */
export const main = operatorCall('adminListOrders', (input) => listOrdersForOperator(input));
