import { z } from 'zod';
import { docId, openid, serverDate } from '../common';

/**
 * `pending`: waiting for an operator (WeChat's check said review, or could not
 * check), shown to its author only; `published`: counted in the course's
 * rating and shown to all; `hidden`: an operator took it down.
 */
export const reviewStatus = z.enum(['pending', 'published', 'hidden']);
export type ReviewStatus = z.infer<typeof reviewStatus>;

/** What WeChat's content check (platform/content-security.ts) said of the text last written. */
export const reviewCheck = z.enum(['pass', 'review', 'unchecked']);

export const reviewRating = z.number().int().min(1).max(5);
/** a review's text, trimmed: 5 to 500 characters */
export const reviewContent = z.string().trim().min(5, '评价至少 5 个字').max(500, '评价最多 500 字');
/** an operator's public reply */
export const reviewReplyContent = z.string().trim().min(1).max(500);

/**
 * One per learner and course. Its `_id` is a hash of both (shared/reviews reviewId), so a
 * second submit edits the same document and racing submits conflict on it,
 * and the ID a page sees does not reveal the author's openid.
 */
export const reviewSchema = z.object({
  _id: docId,
  courseId: docId,
  /** the author; never sent to other learners */
  openid,
  rating: reviewRating,
  content: reviewContent,
  status: reviewStatus,
  check: reviewCheck,
  /** an operator's public reply, kept across the author's edits */
  reply: z.object({ content: reviewReplyContent, repliedAt: serverDate, repliedBy: z.string() }).nullable(),
  /** the last moderation decision */
  moderation: z.object({ action: z.enum(['publish', 'hide']), reason: z.string().max(80), by: z.string(), at: serverDate }).nullable(),
  createdAt: serverDate,
  updatedAt: serverDate,
});
export type ReviewDoc = z.infer<typeof reviewSchema>;

