import { operatorCall } from '../shared/platform/handler';
import { replyReview } from '../shared/reviews/admin-reviews';

/** An operator's public reply to a review. */
export const main = operatorCall('replyReview', (input, operator) => replyReview(input, operator));
