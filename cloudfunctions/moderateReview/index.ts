import { operatorCall } from '../shared/platform/handler';
import { moderateReview } from '../shared/reviews/admin-reviews';

/** An operator publishes or hides a review; the course's rating follows. */
export const main = operatorCall('moderateReview', (input, operator) => moderateReview(input, operator));
