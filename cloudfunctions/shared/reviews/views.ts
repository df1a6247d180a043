/**
 * Review documents → what pages and operators see (typings/entities.ts).
 * A learner's view never carries the author's openid: authors are named by
 * their nickname, read for a whole page at once (authorNames).
 */
import type { ReviewDoc } from '../../../database-schema/reviews/schema';
import type { AdminReviewView, ReviewView } from '../../../typings/entities';

/** nickname by openid */
export type AuthorNames = ReadonlyMap<string, string>;

const ANONYMOUS = '学员';

function reviewFields(doc: ReviewDoc, names: AuthorNames): Omit<ReviewView, 'mine'> {
  return {
    id: doc._id,
    courseId: doc.courseId,
    rating: doc.rating,
    content: doc.content,
    status: doc.status,
    authorName: names.get(doc.openid) || ANONYMOUS,
    createdAt: doc.createdAt.getTime(),
    updatedAt: doc.updatedAt.getTime(),
    reply: doc.reply ? { content: doc.reply.content, repliedAt: doc.reply.repliedAt.getTime() } : null,
  };
}

export const toReviewView = (doc: ReviewDoc, callerOpenid: string, names: AuthorNames): ReviewView => ({
  ...reviewFields(doc, names),
  mine: doc.openid === callerOpenid,
});

export const toAdminReviewView = (doc: ReviewDoc, names: AuthorNames): AdminReviewView => ({
  ...reviewFields(doc, names),
  openid: doc.openid,
  check: doc.check,
  moderation: doc.moderation ? { ...doc.moderation, at: doc.moderation.at.getTime() } : null,
});
