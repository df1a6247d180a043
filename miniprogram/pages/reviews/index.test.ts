import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import { reviewView } from '../../../test/miniprogram/fixtures';
import { find, lifecycle, loadPage, ok, pageInstance, settle, stubCloud, text } from '../../../test/miniprogram/harness';

const others = Array.from({ length: 12 }, (_, i) => reviewView({ id: `rv_${i}`, authorName: `学员${i}`, content: `第 ${i} 条评价内容` }));
const mine = reviewView({ id: 'rv_mine', mine: true, status: 'pending', authorName: '我自己', content: '我写的评价还在审核' });

function reviewCloud() {
  const requests: RequestOf<'listReviews'>[] = [];
  const calls = stubCloud({
    listReviews: (req) => {
      requests.push(req);
      if (!req.cursor) return ok({ items: [mine, ...others.slice(0, 10)], nextCursor: 'c-10' });
      return ok({ items: others.slice(10), nextCursor: null });
    },
  });
  return { requests, calls };
}

describe('reviews page', () => {
  it('pages the reviews by cursor, the learner’s own first and marked 审核中', async () => {
    const { requests } = reviewCloud();
    const page = loadPage('pages/reviews/index', { courseId: 'course-time' });
    await settle();
    expect(requests[0]).toMatchObject({ courseId: 'course-time', pageSize: 10 });
    expect(requests[0].cursor).toBeUndefined();
    const data = pageInstance<object, { reviews: { authorName: string; statusLabel: string }[] }>(page).data;
    expect(data.reviews).toHaveLength(11);
    expect(data.reviews[0]).toMatchObject({ authorName: '我自己（我）', statusLabel: '审核中' });
    expect(data.reviews[1]).toMatchObject({ authorName: '学员0', statusLabel: '' });
    await lifecycle(page, 'onReachBottom');
    await settle();
    expect(requests[1]).toMatchObject({ cursor: 'c-10' });
    expect(pageInstance<object, { reviews: unknown[]; hasMore: boolean }>(page).data).toMatchObject({ hasMore: false });
    expect(pageInstance<object, { reviews: unknown[] }>(page).data.reviews).toHaveLength(13);
    expect(text(page, '.no-more')).toBe('没有更多了');
    // a pull-down starts over from the first page
    await lifecycle(page, 'onPullDownRefresh');
    await settle();
    expect(requests[2].cursor).toBeUndefined();
    expect(pageInstance<object, { reviews: unknown[] }>(page).data.reviews).toHaveLength(11);
  });

  it('says so when there are no reviews', async () => {
    stubCloud({ listReviews: () => ok({ items: [], nextCursor: null }) });
    const page = loadPage('pages/reviews/index', { courseId: 'course-time' });
    await settle();
    expect(find(page, '.state')!.instance.data.status).toBe('empty');
  });
});
