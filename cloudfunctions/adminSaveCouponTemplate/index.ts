import { saveCouponTemplate } from '../shared/coupons/admin-coupons';
import { operatorCall } from '../shared/platform/handler';

/** An operator creates or edits a coupon template (or, dryRun, sees what would be saved). */
export const main = operatorCall('adminSaveCouponTemplate', (input) => saveCouponTemplate(input));
