/**
 * Reviews in a real browser: a learner's review that WeChat's content check
 * holds shows on the course page as 审核中 to its author; the console beside
 * the phone shows the check and the moderation queue, where the operator
 * publishes it; the course page then shows the rating. Screenshots in
 * .test-artifacts/e2e/.
 */
import { describe, expect, it } from 'vitest';
import { UI_TIMEOUT, callAs, openAs, stepShooter, top, usePreview } from './harness';

const preview = usePreview();

describe('reviews in the preview', () => {
  it('a held review is 审核中 for its author, the operator publishes it from the console, the course shows the rating', async () => {
    const learner = 'o_preview_learner_zhou';
    const { product } = preview;
    await fetch(`${product.emulatorUrl}/api/openapi/security`, { method: 'POST', body: JSON.stringify({ review: ['待审'] }) });
    const { order } = await callAs<{ order: { id: string; outTradeNo: string } }>(product, learner, 'createOrder', { courseId: 'course-sleep' });
    await callAs(product, learner, 'unifiedPay', { orderId: order.id });
    await fetch(`${product.emulatorUrl}/api/pay/${order.outTradeNo}/succeed`, { method: 'POST', body: JSON.stringify({ wait: true }) });
    const { review } = await callAs<{ review: { id: string; status: string } }>(product, learner, 'submitReview', {
      courseId: 'course-sleep',
      rating: 4,
      content: '睡眠习惯改善了，有一句待审',
    });
    expect(review.status).toBe('pending');

    const { page, errors } = await openAs(preview, learner);
    const shot = stepShooter(page, 'reviews');
    await top(page).getByText('科学睡眠指南', { exact: true }).click();
    await top(page).getByText('学员评价').waitFor();
    await top(page).getByText('审核中', { exact: true }).waitFor();
    await expect(top(page).getByText('暂无评价').isVisible()).resolves.toBe(true);
    await expect(top(page).getByText('修改评价', { exact: true }).isVisible()).resolves.toBe(true);
    await shot('pending-for-author');

    const console = page.locator('#console');
    await console.locator('[data-tab="messages"]').click();
    await expect.poll(() => console.innerText(), { timeout: UI_TIMEOUT }).toMatch(/security\.msgSecCheck[\s\S]*需人工审核/);
    await console.locator('[data-tab="reviews"]').click();
    const publish = console.locator(`[data-review="${review.id}"][data-action="publish"]`);
    await publish.waitFor();
    await shot('console-queue');
    await publish.click();
    await expect.poll(async () => (await callAs<{ course: { ratingCount: number } }>(product, learner, 'getCourse', { courseId: 'course-sleep' })).course.ratingCount, { timeout: UI_TIMEOUT }).toBe(1);

    // back to the catalog and in again: the rating is there, the review no longer 审核中
    await page.locator('.navbar__back').click();
    await top(page).getByText('科学睡眠指南', { exact: true }).click();
    await top(page).getByText('4.0 分 · 1 条评价').waitFor();
    await expect(top(page).getByText('审核中', { exact: true }).count()).resolves.toBe(0);
    await shot('published');
    expect(errors).toEqual([]);
  });
});
