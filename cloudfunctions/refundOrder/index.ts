import { operatorHandler } from '../shared/operators';
import { refundOrder } from '../shared/refunds';

/** An operator refunds a paid order in full: see shared/refunds.ts. */
export const main = operatorHandler('refundOrder', (input, operator) => refundOrder(input.orderId, input.reason, operator));
