import { learnerCall } from '../shared/platform/handler';
import { startPayment } from '../shared/orders/orders';

export const main = learnerCall('unifiedPay', (input, caller) => startPayment(caller.openid, input.orderId));
