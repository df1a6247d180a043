import { listCoupons } from '../shared/coupons/coupons';
import { learnerCall } from '../shared/platform/handler';

/** 我的优惠券: the caller's own coupons, usable, used or expired. */
export const main = learnerCall('listCoupons', (input, caller) => listCoupons(caller.openid, input));
