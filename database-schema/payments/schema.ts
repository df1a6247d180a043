import { z } from 'zod';
import { docId, fen, openid, outTradeNo, paymentProviderName, serverDate } from '../common';

/** One per paid order: `_id` is derived from the outTradeNo, so a second grant cannot insert. */
export const paymentSchema = z.object({
  _id: docId,
  orderId: docId,
  outTradeNo,
  openid,
  amountFen: fen,
  provider: paymentProviderName,
  /** WeChat Pay's transaction ID, as queryOrder reported it */
  transactionId: z.string().min(1).max(64),
  /** when the learner paid, from WeChat Pay's timeEnd */
  paidAt: serverDate,
  createdAt: serverDate,
});
export type PaymentDoc = z.infer<typeof paymentSchema>;
