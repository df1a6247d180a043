import { revenue } from '../shared/orders/admin-orders';
import { operatorCall } from '../shared/platform/handler';

/** Revenue by day (Asia/Shanghai) and by course, paid less refunded, in fen. */
export const main = operatorCall('adminRevenue', (input) => revenue(input));
