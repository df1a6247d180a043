/**
 * Reviews and ratings (评价). A learner who owns a course writes one review
 * of it (a second submit rewrites it); WeChat's content check comes first:
 * risky text is refused, text to review (or that could not be checked) waits
 * for an operator as `pending`, shown to its author only; the rest is
 * published. The course's ratingSum and ratingCount (published reviews only)
 * change in the same transaction as the review, whatever the change (write,
 * moderation, delete), so they never drift; ratingAvg is worked out from them.
 */
import { createHash } from 'node:crypto';
import { courseRating, type CourseDoc } from '../../../database-schema/courses/schema';
import type { ReviewDoc } from '../../../database-schema/reviews/schema';
import type { UserDoc } from '../../../database-schema/users/schema';
import type { CourseRating, ReviewView } from '../../../typings/entities';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import { COURSE_PAGE_REVIEWS } from '../../../typings/reviews-api';
import { ownsCourse } from '../learning/entitlements';
import { checkText } from '../platform/content-security';
import { $, _, db, docById, docs, expr, inTransaction, txDoc, type Transaction } from '../platform/cloud';
import { fail } from '../platform/errors';
import { afterCursor, cursorAt } from '../platform/cursor';
import { toReviewView, type AuthorNames } from './views';

/** The one review of a learner for a course: a hash, so its ID does not reveal the openid. */
export const reviewId = (authorOpenid: string, courseId: string): string =>
  `rv_${createHash('sha256').update(`review\u0000${courseId}\u0000${authorOpenid}`).digest('hex').slice(0, 40)}`;

/** The authors' nicknames in one bounded query. */
export async function authorNames(openids: string[]): Promise<AuthorNames> {
  const wanted = [...new Set(openids)];
  if (wanted.length === 0) return new Map();
  const users = await docs<Pick<UserDoc, '_id' | 'nickname'>>(
    db.collection('users').where({ _id: _.in(wanted) }).field({ _id: true, nickname: true }).limit(wanted.length),
  );
  return new Map(users.map((u) => [u._id, u.nickname]));
}

const counted = (review: ReviewDoc | null): review is ReviewDoc => review?.status === 'published';

/**
 * Inside the transaction that changes a review from `before` to `after`
 * (either null for none): the course's rating fields follow, from the
 * course as the transaction read it.
 */
export async function recountRating(tx: Transaction, course: CourseDoc, before: ReviewDoc | null, after: ReviewDoc | null): Promise<CourseRating> {
  let sum = course.ratingSum ?? 0;
  let count = course.ratingCount ?? 0;
  if (counted(before)) {
    sum -= before.rating;
    count -= 1;
  }
  if (counted(after)) {
    sum += after.rating;
    count += 1;
  }
  const rating = courseRating(Math.max(0, sum), Math.max(0, count));
  if (rating.ratingSum !== course.ratingSum || rating.ratingCount !== course.ratingCount || rating.ratingAvg !== course.ratingAvg) {
    await tx.collection('courses').doc(course._id).update({ data: rating });
  }
  return { ratingAvg: rating.ratingAvg, ratingCount: rating.ratingCount };
}

/**
 * Changes one review, and its course's rating, in one transaction: `change`
 * answers the review after (null deletes it) from the review and course as
 * the transaction read them. `courseId` names the course of a review not yet written.
 */
export async function changeReview(
  id: string,
  change: (before: ReviewDoc | null, course: CourseDoc | null) => ReviewDoc | null,
  courseId?: string,
): Promise<{ before: ReviewDoc | null; after: ReviewDoc | null; rating: CourseRating }> {
  return inTransaction(async (tx) => {
    const before = await txDoc<ReviewDoc>(tx, 'reviews', id);
    const ofCourse = before?.courseId ?? courseId;
    const course = ofCourse ? await txDoc<CourseDoc>(tx, 'courses', ofCourse) : null;
    const after = change(before, course);
    if (after) {
      const { _id, ...data } = after;
      await tx.collection('reviews').doc(_id).set({ data });
    } else if (before) {
      await tx.collection('reviews').doc(id).remove();
    }
    const rating = course ? await recountRating(tx, course, before, after) : { ratingAvg: 0, ratingCount: 0 };
    return { before, after, rating };
  });
}

const VERDICT_STATUS = { pass: 'published', review: 'pending', unchecked: 'pending' } as const;

export async function submitReview(openid: string, input: ParsedRequestOf<'submitReview'>): Promise<ResponseOf<'submitReview'>> {
  if (!(await ownsCourse(openid, input.courseId))) return fail('FORBIDDEN', '购买课程后才能评价');
  const verdict = await checkText(input.content, openid);
  if (verdict === 'risky') return fail('CONTENT_REJECTED', '评价含有不适宜公开的内容，请修改后再提交');
  const now = new Date();
  const id = reviewId(openid, input.courseId);
  const { after, rating } = await changeReview(
    id,
    (before, course) => {
      if (!course) return fail('NOT_FOUND', '课程不存在');
      return {
      _id: id,
      courseId: input.courseId,
      openid,
      rating: input.rating,
      content: input.content,
      status: VERDICT_STATUS[verdict],
      check: verdict,
      reply: before?.reply ?? null,
      moderation: null,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    },
    input.courseId,
  );
  return { review: toReviewView(after!, openid, await authorNames([openid])), rating };
}

export async function deleteReview(openid: string, id: string): Promise<ResponseOf<'deleteReview'>> {
  const { rating } = await changeReview(id, (before) => (before && before.openid === openid ? null : fail('NOT_FOUND', '评价不存在')));
  return { deleted: true, rating };
}

/**
 * A page of a course's reviews: published ones newest first; on the first
 * page the caller's own (in whatever state) comes before them, and it never
 * comes again among them.
 */
export async function listReviews(openid: string, input: ParsedRequestOf<'listReviews'>): Promise<ResponseOf<'listReviews'>> {
  const mine = reviewId(openid, input.courseId);
  const clauses: object[] = [{ courseId: input.courseId, status: 'published', _id: _.neq(mine) }];
  if (input.cursor) clauses.push(afterCursor('createdAt', 'desc', input.cursor));
  const [own, rows] = await Promise.all([
    input.cursor ? null : docById<ReviewDoc>('reviews', mine),
    docs<ReviewDoc>(
      db
        .collection('reviews')
        .where(_.and(clauses as Parameters<typeof _.and>[0]))
        .orderBy('createdAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(input.pageSize + 1),
    ),
  ]);
  const page = rows.slice(0, input.pageSize);
  const shown = own ? [own, ...page] : page;
  const names = await authorNames(shown.map((r) => r.openid));
  return {
    items: shown.map((r) => toReviewView(r, openid, names)),
    nextCursor: rows.length > input.pageSize ? cursorAt(page[page.length - 1]!.createdAt, page[page.length - 1]!._id) : null,
  };
}

/** What a course row gains from courseReviewLookups. */
export interface CourseReviewRows {
  myReview: ReviewDoc[];
  firstReviews: ReviewDoc[];
  reviewAuthors: Pick<UserDoc, '_id' | 'nickname'>[];
}

/**
 * $lookup stages for getCourse's one aggregate on the course: the caller's
 * review, the newest published ones and their authors' nicknames, so the
 * course page's reviews cost no round trip of their own.
 */
export function courseReviewLookups(openid: string, courseId: string): object[] {
  const mine = reviewId(openid, courseId);
  return [
    {
      from: 'reviews',
      pipeline: $.pipeline().match({ _id: mine }).limit(1).done(),
      as: 'myReview',
    },
    {
      // plain values, not $expr, so the courseId_status_createdAt index serves it
      from: 'reviews',
      pipeline: $.pipeline()
        .match({ courseId, status: 'published', _id: _.neq(mine) })
        .sort({ createdAt: -1, _id: -1 })
        .limit(COURSE_PAGE_REVIEWS)
        .done(),
      as: 'firstReviews',
    },
    {
      from: 'users',
      let: { openids: '$firstReviews.openid' },
      pipeline: $.pipeline()
        .match(expr($.or([$.in(['$_id', '$$openids']), $.eq(['$_id', openid])])))
        .project({ _id: 1, nickname: 1 })
        .limit(COURSE_PAGE_REVIEWS + 1)
        .done(),
      as: 'reviewAuthors',
    },
  ];
}

export function courseReviewsOf(row: CourseReviewRows, openid: string): ReviewView[] {
  const names: AuthorNames = new Map(row.reviewAuthors.map((u) => [u._id, u.nickname]));
  return [...row.myReview, ...row.firstReviews].slice(0, COURSE_PAGE_REVIEWS).map((r) => toReviewView(r, openid, names));
}
