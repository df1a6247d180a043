import { defineHandler } from '../shared/handler';
import { startPayment } from '../shared/orders';

export const main = defineHandler('unifiedPay', (input, caller) => startPayment(caller.openid, input.orderId));
