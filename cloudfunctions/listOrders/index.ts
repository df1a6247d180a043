import { defineHandler } from '../shared/platform/handler';
import { listOrders } from '../shared/orders/orders';

export const main = defineHandler('listOrders', (input, caller) => listOrders(caller.openid, input));
