import { operatorCall } from '../shared/platform/handler';
import { listReviewsForOperator } from '../shared/reviews/admin-reviews';

/** Reviews by status for operators (pending ones: the moderation queue). */
export const main = operatorCall('adminListReviews', (input) => listReviewsForOperator(input));
