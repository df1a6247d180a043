import { learnerCall } from '../shared/platform/handler';
import { createOrder } from '../shared/orders/orders';

export const main = learnerCall('createOrder', (input, caller) => createOrder(caller.openid, input));
