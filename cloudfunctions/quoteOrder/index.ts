import { learnerCall } from '../shared/platform/handler';
import { quoteOrder } from '../shared/pricing/quote';

/** What the confirm page shows: the caller's price for an item, with the best or the chosen coupon, and their coupons that apply. */
export const main = learnerCall('quoteOrder', (input, caller) => quoteOrder(caller.openid, input));
