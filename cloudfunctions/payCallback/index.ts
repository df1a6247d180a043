import { paySystemNotification } from '../shared/platform/handler';
import { settleNotifiedPayment } from '../shared/payment/settlement';

/** WeChat Pay's notification after a successful payment: see shared/payment/settlement.ts. */
export const main = paySystemNotification('payCallback', ({ outTradeNo }) => settleNotifiedPayment(outTradeNo));
