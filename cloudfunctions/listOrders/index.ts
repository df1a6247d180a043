import { learnerCall } from '../shared/platform/handler';
import { listOrders } from '../shared/orders/orders';

export const main = learnerCall('listOrders', (input, caller) => listOrders(caller.openid, input));
