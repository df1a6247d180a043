import { listClaimableCoupons } from '../shared/coupons/coupons';
import { learnerCall } from '../shared/platform/handler';

/** 领券中心: templates handing out coupons, with how many the caller has claimed of each. */
export const main = learnerCall('listClaimableCoupons', (_input, caller) => listClaimableCoupons(caller.openid));
