import { z } from 'zod';
import { serverDate } from '../common';

/**
 * What a payment or refund callback found wrong and did not grant: for
 * operators to look into (and refund). Never shown to learners.
 */
export const incidentSchema = z.object({
  _id: z.string(),
  kind: z.enum(['amount_mismatch', 'unknown_order', 'duplicate_purchase', 'refund_mismatch', 'refund_failed']),
  outTradeNo: z.string(),
  orderId: z.string().nullable(),
  openid: z.string(),
  /** what the pay query said against what our order says */
  detail: z.record(z.string(), z.unknown()),
  resolved: z.boolean(),
  createdAt: serverDate,
});
export type IncidentDoc = z.infer<typeof incidentSchema>;
