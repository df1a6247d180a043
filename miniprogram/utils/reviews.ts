import type { ReviewStatus, ReviewView } from '../../typings/entities';
import { formatDateTime } from './format';

/** A review as the course and reviews pages show it (components/review-item). */
export interface ReviewItem {
  id: string;
  rating: number;
  content: string;
  authorName: string;
  dateText: string;
  /** 审核中 for the author's pending review, 未公开 for one an operator hid; empty when published */
  statusLabel: string;
  mine: boolean;
  replyText: string;
}

const STATUS_LABELS: Record<ReviewStatus, string> = { pending: '审核中', hidden: '未公开', published: '' };

export function toReviewItem(review: ReviewView): ReviewItem {
  return {
    id: review.id,
    rating: review.rating,
    content: review.content,
    authorName: review.mine ? `${review.authorName}（我）` : review.authorName,
    dateText: formatDateTime(review.createdAt).slice(0, 10),
    statusLabel: STATUS_LABELS[review.status],
    mine: review.mine,
    replyText: review.reply?.content ?? '',
  };
}

/** "4.5 分 · 12 条评价", or 暂无评价 */
export function ratingSummary(ratingAvg: number, ratingCount: number): string {
  return ratingCount > 0 ? `${ratingAvg.toFixed(1)} 分 · ${ratingCount} 条评价` : '暂无评价';
}

export function reviewsUrl(courseId: string): string {
  return `/pages/reviews/index?courseId=${encodeURIComponent(courseId)}`;
}

export function reviewEditorUrl(courseId: string): string {
  return `/pages/review-editor/index?courseId=${encodeURIComponent(courseId)}`;
}
