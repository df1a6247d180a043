/**
 * A coupon document → what the learner sees (CouponView, typings/pricing-api.ts):
 * the texts from the pricing engine, times in epoch ms, and `expired` for an
 * available coupon past its end (expiry is a comparison on read, never a write).
 */
import type { CouponDoc } from '../../../database-schema/coupons/schema';
import type { CouponView } from '../../../typings/pricing-api';
import { discountText, scopeText } from './pricing';

export function toCouponView(doc: CouponDoc, now: Date): CouponView {
  const expired = doc.status === 'available' && doc.validUntil.getTime() <= now.getTime();
  return {
    id: doc._id,
    templateId: doc.templateId,
    title: doc.title,
    discount: doc.discount,
    scope: doc.scope,
    discountText: discountText(doc.discount),
    scopeText: scopeText(doc.scope),
    validFrom: doc.validFrom.getTime(),
    validUntil: doc.validUntil.getTime(),
    status: expired ? 'expired' : doc.status,
    orderId: doc.orderId,
  };
}
