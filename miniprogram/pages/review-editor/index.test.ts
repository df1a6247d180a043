import { describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import { reviewView } from '../../../test/miniprogram/fixtures';
import { emit, fail, find, loadPage, ok, pageInstance, settle, spyNavigation, spyToast, stubCloud, tap, text } from '../../../test/miniprogram/harness';

const mine = reviewView({ id: 'rv_mine', mine: true, status: 'pending', authorName: '我自己', content: '我写的评价还在审核' });

describe('review editor', () => {
  it('writes a new review: stars, text with a counter, submitted trimmed, then back', async () => {
    const nav = spyNavigation();
    const toast = spyToast();
    const submitted: RequestOf<'submitReview'>[] = [];
    stubCloud({
      listReviews: () => ok({ items: [reviewView()], nextCursor: null }),
      submitReview: (req) => {
        submitted.push(req);
        return ok({ review: reviewView({ mine: true, status: 'published', rating: req.rating, content: req.content }), rating: { ratingAvg: 5, ratingCount: 1 } });
      },
    });
    const page = loadPage('pages/review-editor/index', { courseId: 'course-time' });
    await settle();
    // someone else's review is not ours to edit
    expect(pageInstance<object, { reviewId: string }>(page).data.reviewId).toBe('');
    expect(find(page, '.content')!.instance.data).toMatchObject({ maxlength: 500, indicator: true });
    await tap(page, '.submit', '.t-button');
    expect(toast.mock.calls.at(-1)?.[0]).toMatchObject({ title: '请先打分' });
    await emit(page, '.rate', 'change', { value: 4 });
    await emit(page, '.content', 'change', { value: '  太短  ' });
    await tap(page, '.submit', '.t-button');
    expect(toast.mock.calls.at(-1)?.[0]).toMatchObject({ title: '评价至少 5 个字' });
    expect(submitted).toEqual([]);
    await emit(page, '.content', 'change', { value: '  番茄工作法很有用  ' });
    await tap(page, '.submit', '.t-button');
    await settle();
    expect(submitted).toEqual([{ courseId: 'course-time', rating: 4, content: '番茄工作法很有用' }]);
    expect(toast.mock.calls.at(-1)?.[0]).toMatchObject({ title: '评价已发布' });
    expect(nav.navigateBack).toHaveBeenCalled();
  });

  it('edits the learner’s own review, says a pending one waits, keeps the text when it is refused, and deletes', async () => {
    const nav = spyNavigation();
    const toast = spyToast();
    let refuse = true;
    const deleted: string[] = [];
    stubCloud({
      listReviews: () => ok({ items: [mine], nextCursor: null }),
      submitReview: (req) =>
        refuse
          ? fail('CONTENT_REJECTED', '评价含有不适宜公开的内容，请修改后再提交')
          : ok({ review: reviewView({ ...mine, content: req.content }), rating: { ratingAvg: 0, ratingCount: 0 } }),
      deleteReview: (req) => {
        deleted.push(req.reviewId);
        return ok({ deleted: true, rating: { ratingAvg: 0, ratingCount: 0 } });
      },
    });
    const page = loadPage('pages/review-editor/index', { courseId: 'course-time' });
    await settle();
    expect(pageInstance<object, { rating: number; content: string; reviewId: string }>(page).data).toMatchObject({ rating: 5, content: mine.content, reviewId: 'rv_mine' });
    expect(text(page, '.status')).toBe('审核中');
    await tap(page, '.submit', '.t-button');
    await settle();
    expect(toast.mock.calls.at(-1)?.[0]).toMatchObject({ title: '评价含有不适宜公开的内容，请修改后再提交' });
    expect(nav.navigateBack).not.toHaveBeenCalled();
    expect(pageInstance<object, { content: string }>(page).data.content).toBe(mine.content);
    refuse = false;
    await tap(page, '.submit', '.t-button');
    await settle();
    expect(toast.mock.calls.at(-1)?.[0]).toMatchObject({ title: '已提交，审核后公开' });

    vi.spyOn(wx, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok', content: '' } as never);
    await tap(page, '.delete', '.t-button');
    await settle();
    expect(deleted).toEqual(['rv_mine']);
  });
});
