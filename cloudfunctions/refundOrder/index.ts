import { operatorCall } from '../shared/platform/handler';
import { refundOrder } from '../shared/payment/refunds';

/** An operator refunds a paid order in full: see shared/payment/refunds.ts. */
export const main = operatorCall('refundOrder', (input, operator) => refundOrder(input.orderId, input.reason, operator));
