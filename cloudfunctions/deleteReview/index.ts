import { learnerCall } from '../shared/platform/handler';
import { deleteReview } from '../shared/reviews/reviews';

/** A learner deletes their own review. */
export const main = learnerCall('deleteReview', (input, caller) => deleteReview(caller.openid, input.reviewId));
