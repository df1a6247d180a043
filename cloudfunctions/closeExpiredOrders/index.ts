import { callerContext } from '../shared/cloud';
import { closeExpiredOrders } from '../shared/settlement';

/** Timer-triggered (config.json): closes unpaid orders past their expiry. Not for learners. */
export const main = async () => {
  if (callerContext().source === 'wx_client') return { ok: false, error: { code: 'FORBIDDEN', message: '无权调用' } };
  const report = await closeExpiredOrders();
  if (report.closed || report.settled || report.failed) console.log('closeExpiredOrders', JSON.stringify(report));
  return { ok: true, data: report };
};
