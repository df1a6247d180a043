/** A question as the lists show it (question-item): labels and times worked out once. */
import type { CursorPage, QuestionStatus, QuestionView } from '../../typings/entities';
import type { Paged } from '../../typings/api';
import { formatDateTime, formatPrice } from './format';

const STATUS_LABELS: Record<QuestionStatus, string> = {
  awaiting_payment: '待支付',
  held: '审核中',
  open: '待回答',
  answered: '已回答',
  refunding: '退款中',
  refunded: '已退款',
  closed: '已关闭',
};

export interface QuestionItem {
  id: string;
  content: string;
  status: QuestionStatus;
  statusText: string;
  /** "付费提问 · 林晓 · ¥9.90" or the asker's name */
  metaText: string;
  askedText: string;
  /** "2025-03-11 14:05 前回答，超时自动退款" while a paid question waits */
  deadlineText: string;
  answer: { content: string; byName: string; answeredText: string } | null;
  /** the asker's own, still to pay */
  orderId: string | null;
}

export function toQuestionItem(q: QuestionView): QuestionItem {
  return {
    id: q.id,
    content: q.content,
    status: q.status,
    statusText: STATUS_LABELS[q.status],
    metaText: q.kind === 'paid' ? `付费提问 · ${q.instructorName}${q.mine ? ` · ${formatPrice(q.priceFen)}` : ''}` : q.askerName,
    askedText: formatDateTime(q.createdAt),
    deadlineText: q.status === 'open' && q.deadlineAt ? `${formatDateTime(q.deadlineAt)} 前回答，超时自动退款` : '',
    answer: q.answer ? { content: q.answer.content, byName: q.answer.byName, answeredText: formatDateTime(q.answer.answeredAt) } : null,
    orderId: q.mine && q.status === 'awaiting_payment' ? q.orderId : null,
  };
}

/**
 * definePage's lists count pages; question lists go by cursor. Page 1 starts
 * over, each next page goes on from the cursor the last one answered.
 */
export function cursorPages<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>): (page: number) => Promise<Paged<T>> {
  let next: string | null = null;
  return async (page) => {
    const result = await fetchPage(page === 1 ? undefined : (next ?? undefined));
    next = result.nextCursor;
    return { items: result.items, page, hasMore: result.nextCursor !== null };
  };
}
