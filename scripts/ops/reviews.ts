/**
 * `reviews`: the moderation queue on the terminal. Lists reviews by status
 * (pending by default: those WeChat's content check held, or could not
 * check), and publishes or hides one, through the deployed operator functions
 * adminListReviews and moderateReview, so the course's rating changes in the
 * same transaction as the review.
 */
import { reviewStatus } from '../../database-schema/reviews/schema';
import type { AdminReviewView } from '../../typings/entities';
import type { Command } from './command';
import { callOperatorFunction, UsageError } from './tcb';

const ACTIONS = ['publish', 'hide'] as const;
type Action = (typeof ACTIONS)[number];

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function reviewLine(r: AdminReviewView): string {
  const text = r.content.length > 60 ? `${r.content.slice(0, 59)}…` : r.content;
  return `  ${r.id}  ${r.status}/${r.check}  ${'★'.repeat(r.rating)}${'☆'.repeat(5 - r.rating)}  ${r.courseId}  ${r.authorName} (${r.openid})  ${when(r.createdAt)} UTC\n      ${text}`;
}

export const reviews: Command = {
  name: 'reviews',
  summary: 'Reviews by status (default pending: the moderation queue), or publish / hide one; the course rating follows.',
  usage: '[publish|hide <reviewId> [--reason "..."]] [--status pending|published|hidden] [--course <courseId>] [--page n]',
  details: [
    '  publish <id>     publish a pending or hidden review (counted in the course rating)',
    '  hide <id>        take a review down (no longer counted); --reason is recorded',
    '  --status <s>     list reviews in this status (pending, published, hidden)',
    '  --course <id>    only this course\'s',
    'Runs in the cloud functions adminListReviews and moderateReview, which must be deployed.',
  ],
  options: { status: { type: 'string' }, course: { type: 'string' }, page: { type: 'string' }, reason: { type: 'string' } },
  async run({ values, positionals, io, target }) {
    const [action, reviewId] = positionals;
    if (action !== undefined) {
      if (!ACTIONS.includes(action as Action)) throw new UsageError(`unknown action ${action}: publish or hide`);
      if (!reviewId) throw new UsageError(`${action} needs a review id`);
      const reason = typeof values.reason === 'string' ? values.reason : '';
      const { review, rating } = await callOperatorFunction(target(), 'moderateReview', { reviewId, action: action as Action, reason });
      io.out(`${review.id} is now ${review.status}; ${review.courseId} rating ${rating.ratingAvg} from ${rating.ratingCount} reviews`);
      return 0;
    }
    const status = reviewStatus.default('pending').safeParse(values.status);
    if (!status.success) throw new UsageError(`--status must be one of ${reviewStatus.options.join(', ')}`);
    const page = values.page === undefined ? 1 : Number(values.page);
    if (!Number.isInteger(page) || page < 1) throw new UsageError('--page must be a whole number from 1');
    const t = target();
    const listed = await callOperatorFunction(t, 'adminListReviews', {
      status: status.data,
      page,
      pageSize: 50,
      ...(typeof values.course === 'string' ? { courseId: values.course } : {}),
    });
    const lines = [`${listed.total} ${status.data} reviews on ${t.describe}${listed.hasMore ? ` (page ${page}; --page ${page + 1} for more)` : ''}`];
    lines.push(...listed.items.map(reviewLine));
    io.out(lines.join('\n'));
    return 0;
  },
};
