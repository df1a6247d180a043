import { learnerCall } from '../shared/platform/handler';
import { getOrder } from '../shared/orders/orders';

export const main = learnerCall('getOrder', async (input, caller) => ({ order: await getOrder(caller.openid, input.orderId) }));
