import { defineHandler } from '../shared/handler';
import { listOrders } from '../shared/orders';

export const main = defineHandler('listOrders', (input, caller) => listOrders(caller.openid, input));
