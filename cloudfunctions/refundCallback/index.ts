import { callerContext } from '../shared/platform/cloud';
import { handleRefundNotification } from '../shared/payment/refunds';

/** WeChat Pay's notification once a refund is done: see shared/payment/refunds.ts. */
export const main = (event: unknown) => handleRefundNotification(event, callerContext());
