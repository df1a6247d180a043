import { callerContext } from '../shared/platform/cloud';
import { isKeyholder } from '../shared/operators/operators';
import { closeExpiredOrders } from '../shared/payment/settlement';

/**
 * Closes unpaid orders past their expiry. Its timer trigger (config.json)
 * runs it; so may an operator's key. No learner, not even through another
 * function (`wx_client,scf`).
 */
export const main = async () => {
  const caller = callerContext();
  if (caller.source !== 'wx_trigger' && !isKeyholder(caller)) return { ok: false, error: { code: 'FORBIDDEN', message: '无权调用' } };
  const report = await closeExpiredOrders();
  if (report.closed || report.settled || report.failed) console.log('closeExpiredOrders', JSON.stringify(report));
  return { ok: true, data: report };
};
