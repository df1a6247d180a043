import { timerTrigger } from '../shared/platform/handler';
import { closeExpiredOrders } from '../shared/payment/settlement';

/**
 * Closes unpaid orders past their expiry. Its timer trigger (config.json)
 * runs it; so may an operator's key. No learner, not even through another
 * function (`wx_client,scf`).
 */
export const main = timerTrigger('closeExpiredOrders', () => closeExpiredOrders());
