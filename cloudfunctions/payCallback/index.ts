import { callerContext } from '../shared/cloud';
import { handlePayNotification } from '../shared/settlement';

/** WeChat Pay's notification after a successful payment: see shared/settlement.ts. */
export const main = (event: unknown) => handlePayNotification(event, callerContext());
