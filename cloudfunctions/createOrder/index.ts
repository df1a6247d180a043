import { defineHandler } from '../shared/platform/handler';
import { createOrder } from '../shared/orders/orders';

export const main = defineHandler('createOrder', (input, caller) => createOrder(caller.openid, input.courseId));
