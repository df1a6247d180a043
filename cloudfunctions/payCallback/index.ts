import { callerContext } from '../shared/platform/cloud';
import { handlePayNotification } from '../shared/payment/settlement';

/** WeChat Pay's notification after a successful payment: see shared/payment/settlement.ts. */
export const main = (event: unknown) => handlePayNotification(event, callerContext());
