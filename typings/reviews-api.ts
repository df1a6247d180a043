/**
 * Reviews and ratings (评价): the learner functions' and the operators'
 * requests (zod) and responses, merged into `requestSchemas` / `Responses`
 * (api.ts) and `adminRequestSchemas` / `AdminResponses` (admin-api.ts) like
 * any other function's.
 */
import { z } from 'zod';
import { reviewContent, reviewRating, reviewReplyContent, reviewStatus } from '../database-schema/reviews/schema';
import type { AdminReviewView, CourseRating, ReviewView } from './entities';
import { numberedPageRequest, type NumberedPage } from './paging';

const id = z.string().trim().min(1).max(64);

/** at most this many reviews a page (WeChat's client limit is 20 a query) */
export const REVIEW_PAGE_MAX = 20;
/** how many reviews getCourse answers with */
export const COURSE_PAGE_REVIEWS = 3;

export const reviewRequestSchemas = {
  /** a learner who owns the course writes (or rewrites) their one review of it */
  submitReview: z.object({ courseId: id, rating: reviewRating, content: reviewContent }).strict(),
  /** newest first, the caller's own first; `cursor` is the previous page's `nextCursor` */
  listReviews: z
    .object({
      courseId: id,
      cursor: z.string().max(200).optional(),
      pageSize: z.number().int().min(1).max(REVIEW_PAGE_MAX).default(10),
    })
    .strict(),
  deleteReview: z.object({ reviewId: id }).strict(),
};

export const adminReviewRequestSchemas = {
  adminListReviews: z
    .object({
      status: reviewStatus.default('pending'),
      courseId: id.optional(),
      ...numberedPageRequest,
    })
    .strict(),
  moderateReview: z.object({ reviewId: id, action: z.enum(['publish', 'hide']), reason: z.string().trim().max(80).default('') }).strict(),
  replyReview: z.object({ reviewId: id, content: reviewReplyContent }).strict(),
};

export interface ReviewResponses {
  submitReview: { review: ReviewView; rating: CourseRating };
  listReviews: { items: ReviewView[]; nextCursor: string | null };
  deleteReview: { deleted: boolean; rating: CourseRating };
}

export interface AdminReviewResponses {
  adminListReviews: NumberedPage<AdminReviewView>;
  moderateReview: { review: AdminReviewView; rating: CourseRating };
  replyReview: { review: AdminReviewView };
}
