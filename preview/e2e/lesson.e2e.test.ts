/**
 * The lesson page in a real browser, as an owner uses it: the audio player
 * (cover, seek bar, ±15 s, speed), the course outline with the current lesson
 * marked, resume where the learner left (从 00:03 继续), 上一讲 / 下一讲, and
 * the e-book's table of contents. Screenshots in .test-artifacts/e2e/lesson-*.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { UI_TIMEOUT, callAs as callFunctionAs, navTitle, openAs, stepShooter, top, usePreview } from './harness';

/** one of the preview's learners (preview/product.ts): the phone can only be one of them */
const LEARNER = 'o_preview_learner_zhou';

const preview = usePreview();
const callAs = <T>(name: string, data: unknown): Promise<T> => callFunctionAs<T>(preview.product, LEARNER, name, data);

beforeAll(async () => {
  // the learner owns course-time: ordered, paid through the emulator's pay API, the callback waited for
  await callAs('login', {});
  const { order } = await callAs<{ order: { id: string; outTradeNo: string } }>('createOrder', { courseId: 'course-time' });
  await callAs('unifiedPay', { orderId: order.id });
  await fetch(`${preview.product.emulatorUrl}/api/pay/${order.outTradeNo}/succeed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ wait: true }) });
  for (const deadline = Date.now() + UI_TIMEOUT; ; ) {
    const { order: now } = await callAs<{ order: { status: string } }>('getOrder', { orderId: order.id });
    if (now.status === 'paid') break;
    if (Date.now() > deadline) throw new Error(`the order stayed ${now.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // and left the audio lesson 3 s in
  await callAs('saveProgress', { lessonId: 'course-time-l4', positionSec: 3 });
}, 60_000);

const title = navTitle;
/** An element of the lesson page by its class: the preview scopes a page's classes as `page-lesson--<class>`. */
const lessonPart = (page: Page, cls: string): Locator => top(page).locator(`.page-lesson--${cls}`);

describe('the lesson page in Chromium', () => {
  it('plays audio with its controls, shows the outline, resumes, and moves between lessons', async () => {
    const { page, errors } = await openAs(preview, LEARNER);
    const shot = stepShooter(page, 'lesson');

    // 我的学习 shows the percentage and where to go on
    await page.locator('.tabbar__item[data-route="pages/learning/index"]').click();
    await top(page).getByText(/^继续学习: 精力曲线与任务排序/).waitFor();
    await expect(top(page).getByText(/^已学 \d+% · 0\/5 讲$/).isVisible()).resolves.toBe(true);
    await shot('learning');

    await top(page).getByText('继续学习', { exact: true }).click();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('精力曲线与任务排序');
    await top(page).getByText('从 00:03 继续').waitFor();
    await expect(lessonPart(page, 'course-title').textContent()).resolves.toBe('高效时间管理 21 讲 · 林晓');
    // the cover loaded, the outline marks this lesson
    await expect.poll(() => lessonPart(page, 'audio-cover img').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expect(lessonPart(page, 'outline-lesson--current .page-lesson--outline-lesson-title').textContent()).resolves.toBe('精力曲线与任务排序');
    await expect(lessonPart(page, 'outline-lesson').count()).resolves.toBe(5);
    await expect(lessonPart(page, 'outline-lesson--locked').count()).resolves.toBe(0);

    // speed: chosen, and kept for the next lesson (the page reads it back on load)
    await lessonPart(page, 'rate').filter({ hasText: '1.5×' }).click();
    await expect(lessonPart(page, 'rate--active').textContent()).resolves.toBe('1.5×');
    // ±15 s within the 6 s lesson: back to the start
    await lessonPart(page, 'back-15').click();
    await expect(lessonPart(page, 'audio-elapsed').textContent()).resolves.toBe('00:00');
    await expect(lessonPart(page, 'seek input[type=range]').getAttribute('max')).resolves.toBe('6');
    await shot('audio');

    // 下一讲: the e-book, with its table of contents
    await top(page).getByText('下一讲', { exact: true }).click();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('每周复盘模板');
    await top(page).getByText('目录', { exact: true }).click();
    await lessonPart(page, 'toc-item').nth(2).click();
    await expect(lessonPart(page, 'page-number').textContent()).resolves.toBe('3 / 4');
    await shot('ebook-toc');

    // 上一讲 goes back; the learned mark shows in the outline from the server's answer
    await top(page).getByText('上一讲', { exact: true }).click();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('精力曲线与任务排序');
    await shot('back');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
