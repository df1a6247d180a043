import type { IncidentDoc } from '../../../database-schema/incidents/schema';
import type { OrderDoc } from '../../../database-schema/orders/schema';
import type { Transaction } from '../platform/cloud';

type IncidentOrder = Pick<OrderDoc, 'outTradeNo' | '_id' | 'openid'> | { outTradeNo: string; _id: null; openid: string };

/**
 * Records, inside the caller's transaction, what a pay or refund callback
 * found wrong and did not act on, for operators. One incident per kind and
 * order, however often the notification comes.
 */
export async function recordIncident(
  tx: Transaction,
  kind: IncidentDoc['kind'],
  order: IncidentOrder,
  detail: Record<string, unknown>,
): Promise<void> {
  const incident: Omit<IncidentDoc, '_id'> = {
    kind,
    outTradeNo: order.outTradeNo,
    orderId: order._id,
    openid: order.openid,
    detail,
    resolved: false,
    createdAt: new Date(),
  };
  await tx.collection('incidents').doc(`${kind}_${order.outTradeNo}`).set({ data: incident });
}
