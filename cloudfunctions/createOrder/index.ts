import { defineHandler } from '../shared/handler';
import { createOrder } from '../shared/orders';

export const main = defineHandler('createOrder', (input, caller) => createOrder(caller.openid, input.courseId));
