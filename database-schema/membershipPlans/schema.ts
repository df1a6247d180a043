import { z } from 'zod';
import { docId, fen, serverDate } from '../common';
import { sellableStatus } from '../bundles/schema';

/**
 * A membership plan (会员): e.g. 月卡 30 days, 年卡 365 days, at a price. While
 * a learner's membership is valid, every course marked `memberIncluded` is
 * open to them; buying again extends from the current end.
 */
export const membershipPlanSchema = z.object({
  _id: docId,
  title: z.string().min(1).max(32),
  days: z.number().int().min(1).max(3660),
  /** integer fen */
  priceFen: fen.min(1),
  /** what the membership page lists under the plan */
  benefits: z.array(z.string().min(1).max(64)).max(10),
  status: sellableStatus,
  /** display order, ascending */
  sort: z.number().int(),
  salesCount: z.number().int().min(0),
  createdAt: serverDate,
  updatedAt: serverDate,
});
export type MembershipPlanDoc = z.infer<typeof membershipPlanSchema>;
