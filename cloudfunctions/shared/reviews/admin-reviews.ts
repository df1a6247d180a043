/**
 * Operators' side of reviews: the moderation queue (pending reviews, or any
 * status), publishing or hiding one (the course's rating follows in the same
 * transaction), and a public reply.
 */
import type { ReviewDoc } from '../../../database-schema/reviews/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import { operatorName, type Operator } from '../platform/caller';
import { _, db, docs, newestPage } from '../platform/cloud';
import { fail } from '../platform/errors';
import { authorNames, changeReview } from './reviews';
import { toAdminReviewView } from './views';

export async function listReviewsForOperator(request: ParsedRequestOf<'adminListReviews'>): Promise<ResponseOf<'adminListReviews'>> {
  const query = db.collection('reviews').where(request.courseId ? { courseId: request.courseId, status: request.status } : { status: request.status });
  const { rows, ...paging } = await newestPage<ReviewDoc>(query, request.page, request.pageSize);
  const names = await authorNames(rows.map((r) => r.openid));
  return { items: rows.map((r) => toAdminReviewView(r, names)), ...paging };
}

const ACTION_STATUS = { publish: 'published', hide: 'hidden' } as const;

export async function moderateReview(request: ParsedRequestOf<'moderateReview'>, operator: Operator): Promise<ResponseOf<'moderateReview'>> {
  const at = new Date();
  const { after, rating } = await changeReview(request.reviewId, (before) => {
    if (!before) return fail('NOT_FOUND', '评价不存在');
    return { ...before, status: ACTION_STATUS[request.action], moderation: { action: request.action, reason: request.reason, by: operatorName(operator), at } };
  });
  return { review: toAdminReviewView(after!, await authorNames([after!.openid])), rating };
}

export async function replyReview(request: ParsedRequestOf<'replyReview'>, operator: Operator): Promise<ResponseOf<'replyReview'>> {
  const reply = { content: request.content, repliedAt: new Date(), repliedBy: operatorName(operator) };
  const updated = (await db.collection('reviews').doc(request.reviewId).update({ data: { reply: _.set(reply) } })) as { stats?: { updated?: number } };
  if (!updated.stats?.updated) return fail('NOT_FOUND', '评价不存在');
  const [review] = await docs<ReviewDoc>(db.collection('reviews').where({ _id: request.reviewId }).limit(1));
  if (!review) return fail('NOT_FOUND', '评价不存在');
  return { review: toAdminReviewView(review, await authorNames([review.openid])) };
}
