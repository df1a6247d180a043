import { paySystemNotification } from '../shared/platform/handler';
import { settleNotifiedRefund } from '../shared/payment/refunds';

/** WeChat Pay's notification once a refund is done: see shared/payment/refunds.ts. */
export const main = paySystemNotification('refundCallback', ({ outRefundNo }) => settleNotifiedRefund(outRefundNo));
