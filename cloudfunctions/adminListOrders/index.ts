import { listOrdersForOperator } from '../shared/admin-orders';
import { operatorHandler } from '../shared/operators';

/** Orders by status and creation day, newest first, for operators. */
export const main = operatorHandler('adminListOrders', (input) => listOrdersForOperator(input));
