import { listCouponTemplates } from '../shared/coupons/admin-coupons';
import { operatorCall } from '../shared/platform/handler';

/** Coupon templates for operators, newest first, with how many were claimed and spent. */
export const main = operatorCall('adminListCouponTemplates', (input) => listCouponTemplates(input));
