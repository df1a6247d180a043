import { claimCoupon } from '../shared/coupons/coupons';
import { learnerCall } from '../shared/platform/handler';

/** A learner claims one coupon of a template, within its stock and their limit: see shared/coupons/coupons.ts. */
export const main = learnerCall('claimCoupon', (input, caller) => claimCoupon(caller.openid, input));
