import { listOrdersForOperator } from '../shared/orders/admin-orders';
import { operatorHandler } from '../shared/operators/operators';

/** Orders by status and creation day, newest first, for operators. */
export const main = operatorHandler('adminListOrders', (input) => listOrdersForOperator(input));
