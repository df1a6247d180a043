import { learnerCall } from '../shared/platform/handler';
import { startVirtualPayment } from '../shared/orders/virtual-pay';

/** wx.requestVirtualPayment's parameters for the caller's xpay order: see shared/orders/virtual-pay.ts. */
export const main = learnerCall('virtualPay', (input, caller) => startVirtualPayment(caller.openid, input.orderId, input.code));
