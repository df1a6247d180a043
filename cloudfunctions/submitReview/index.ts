import { learnerCall } from '../shared/platform/handler';
import { submitReview } from '../shared/reviews/reviews';

/** A learner who owns the course writes or rewrites their review: see shared/reviews/reviews.ts. */
export const main = learnerCall('submitReview', (input, caller) => submitReview(caller.openid, input));
