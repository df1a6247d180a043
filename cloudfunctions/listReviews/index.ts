import { learnerCall } from '../shared/platform/handler';
import { listReviews } from '../shared/reviews/reviews';

/** A page of a course's reviews, the caller's own first. */
export const main = learnerCall('listReviews', (input, caller) => listReviews(caller.openid, input));
