import { revenue } from '../shared/orders/admin-orders';
import { operatorHandler } from '../shared/operators/operators';

/** Revenue by day (Asia/Shanghai) and by course, paid less refunded, in fen. */
export const main = operatorHandler('adminRevenue', (input) => revenue(input));
