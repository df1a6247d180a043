import { defineHandler } from '../shared/handler';
import { getOrder } from '../shared/orders';

export const main = defineHandler('getOrder', async (input, caller) => ({ order: await getOrder(caller.openid, input.orderId) }));
