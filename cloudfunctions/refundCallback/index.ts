import { callerContext } from '../shared/cloud';
import { handleRefundNotification } from '../shared/refunds';

/** WeChat Pay's notification once a refund is done: see shared/refunds.ts. */
export const main = (event: unknown) => handleRefundNotification(event, callerContext());
