import { timerTrigger } from '../shared/platform/handler';
import { reconcileXpayOrders } from '../shared/payment/xpay-notify';

/**
 * Asks virtual payment about its unsettled orders (a push can be lost): its
 * timer trigger (config.json) runs it every 5 minutes; so may an operator's
 * key. No learner.
 */
export const main = timerTrigger('reconcileXpayOrders', () => reconcileXpayOrders());
