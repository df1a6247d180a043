/**
 * A coupon document → what a learner's page shows (CouponView), in one place
 * for checkout (quote.ts) and 我的优惠券 (shared/coupons) alike. The texts come
 * from the pricing engine, so a coupon reads the same wherever it is shown.
 */
import type { CouponDoc } from '../../../database-schema/coupons/schema';
import type { CouponView } from '../../../typings/pricing-api';
import { discountText, scopeText } from './pricing';

/**
 * `now`: the time expiry is judged at. Expiry is a comparison on read (no job
 * marks coupons expired), so an available coupon past its end shows as
 * `expired`; a reserved or used one keeps its status, since an order holds it.
 */
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
