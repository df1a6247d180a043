import { defineHandler } from '../shared/platform/handler';
import { startPayment } from '../shared/orders/orders';

export const main = defineHandler('unifiedPay', (input, caller) => startPayment(caller.openid, input.orderId));
