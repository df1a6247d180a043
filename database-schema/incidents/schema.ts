import { z } from 'zod';
import { serverDate } from '../common';

/**
 * What a payment or refund callback found wrong and did not grant: for
 * operators to look into (and refund). Never shown to learners.
 */
export const incidentSchema = z.object({
  _id: z.string(),
  /** `coupon_conflict`: a paid order's coupon was held or spent by another order (or gone); settled at its price all the same */
  kind: z.enum(['amount_mismatch', 'unknown_order', 'duplicate_purchase', 'refund_mismatch', 'refund_failed', 'coupon_conflict']),
  outTradeNo: z.string(),
  orderId: z.string().nullable(),
  openid: z.string(),
  /** what the pay query said against what our order says */
  detail: z.record(z.string(), z.unknown()),
  resolved: z.boolean(),
  createdAt: serverDate,
});
export type IncidentDoc = z.infer<typeof incidentSchema>;
