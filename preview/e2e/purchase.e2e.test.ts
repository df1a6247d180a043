/**
 * The product in a real browser, used as a person uses it: browse the demo
 * catalog, open a course, play its free preview, buy it through the WeChat Pay
 * sheet, learn a paid lesson, find the order under 我的; and a payment the
 * learner cancels leaves the course unowned. Screenshots of every step are
 * kept in .test-artifacts/e2e/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { UI_TIMEOUT, callAs, navTitle, openAs, stepShooter, top, usePreview } from './harness';

const preview = usePreview();
const title = navTitle;

const currentQuery = (page: Page) => page.evaluate(() => (window as unknown as { __preview: { navigator: { current: { query: Record<string, string> } } } }).__preview.navigator.current.query);

describe('the preview in Chromium', () => {
  it('a learner browses, previews, buys, learns and finds the order', async () => {
    const { page, errors } = await openAs(preview, 'o_preview_learner_lin');
    const shot = stepShooter(page, 'purchase');

    // the catalog, with covers loaded and Chinese text
    const course = top(page).getByText('高效时间管理 21 讲', { exact: true });
    await course.waitFor();
    await expect.poll(() => page.locator('wx-image img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBeGreaterThan(2);
    await expect(page.locator('.tabbar__item--selected').textContent()).resolves.toBe('首页');
    await shot('catalog');

    await course.click();
    await top(page).getByText('课程目录').waitFor();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('高效时间管理 21 讲');
    await expect(top(page).getByText('购买', { exact: true }).isVisible()).resolves.toBe(true);
    await shot('course');

    // the free preview plays
    await top(page).getByText('开篇：你的时间去哪了').click();
    const video = top(page).locator('wx-video video');
    await video.waitFor();
    await video.evaluate((v: HTMLVideoElement) => v.play());
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
    await shot('free-preview');

    // buy it through the pay sheet
    await page.locator('.navbar__back').click();
    await top(page).getByText('购买', { exact: true }).click();
    await top(page).getByText('实付', { exact: true }).waitFor();
    await expect(top(page).getByText('¥99.00').first().isVisible()).resolves.toBe(true);
    await shot('order');
    await top(page).getByText('确认支付', { exact: true }).click();
    const sheet = page.locator('.pay-sheet');
    await sheet.waitFor();
    await expect(sheet.locator('.pay-sheet__amount').textContent()).resolves.toBe('¥99.00');
    await shot('pay-sheet');
    await sheet.locator('.pay-sheet__confirm').click();
    await sheet.waitFor({ state: 'detached' });

    // paid: the first lesson opens; back on the course it is owned
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('开篇：你的时间去哪了');
    await shot('paid-first-lesson');
    await page.locator('.navbar__back').click();
    await top(page).getByText('已购买', { exact: true }).waitFor();
    await expect(top(page).getByText('购买后学习').count()).resolves.toBe(0);
    await shot('owned');

    // a paid lesson opens
    await top(page).getByText('每周复盘模板').click();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('每周复盘模板');
    await top(page).getByText(/^1 \/ \d+$/).waitFor();
    await shot('paid-lesson');

    // the catalog marks it owned, and the order is under 我的 → 我的订单
    await page.locator('.navbar__back').click();
    await page.locator('.navbar__back').click();
    await top(page).locator('wx-view', { hasText: /^高效时间管理 21 讲/ }).first().waitFor();
    await page.locator('.tabbar__item[data-route="pages/me/index"]').click();
    await top(page).getByText('我的订单').click();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('我的订单');
    const order = top(page).getByText('高效时间管理 21 讲');
    await order.waitFor();
    await expect(top(page).getByText('已支付', { exact: true }).last().isVisible()).resolves.toBe(true);
    await expect(top(page).getByText('实付 ¥99.00').isVisible()).resolves.toBe(true);
    await shot('orders');

    // the console beside the phone saw the cloud do it
    const console = page.locator('#console');
    await expect.poll(() => console.innerText(), { timeout: UI_TIMEOUT }).toContain('payCallback');
    await shot('console-calls');
    await console.locator('[data-tab="pay"]').click();
    await expect.poll(() => console.innerText(), { timeout: UI_TIMEOUT }).toMatch(/课程-高效时间管理 21 讲[\s\S]*SUCCESS[\s\S]*已确认/);
    await shot('console-pay');
    await console.locator('[data-tab="data"]').click();
    await console.locator('[data-collection="entitlements"]').click();
    await expect.poll(() => console.innerText(), { timeout: UI_TIMEOUT }).toContain('o_preview_learner_lin');
    await shot('console-data');
    expect(errors).toEqual([]);
  });

  it('a cancelled payment leaves the course unowned', async () => {
    const learner = 'o_preview_learner_zhou';
    const { page, errors } = await openAs(preview, learner);
    const shot = stepShooter(page, 'cancel');

    await top(page).getByText('TypeScript 从入门到实战', { exact: true }).click();
    await top(page).getByText('课程目录').waitFor();
    const { id: courseId } = await currentQuery(page);
    await top(page).getByText('购买', { exact: true }).click();
    await top(page).getByText('确认支付', { exact: true }).click();
    const sheet = page.locator('.pay-sheet');
    await sheet.waitFor();
    await shot('pay-sheet');
    await sheet.locator('.pay-sheet__close').click();
    await sheet.waitFor({ state: 'detached' });

    await top(page).getByText('你已取消支付', { exact: false }).waitFor();
    await expect(top(page).getByText('继续支付', { exact: true }).isVisible()).resolves.toBe(true);
    await shot('cancelled');

    // the course page under it still offers the purchase (it reloads only after a purchase)
    await page.locator('.navbar__back').click();
    await top(page).getByText(/^(购买|继续支付)$/).waitFor();
    await expect(top(page).getByText('已购买', { exact: true }).count()).resolves.toBe(0);
    await shot('course-unowned');
    const { owned } = await callAs<{ owned: boolean }>(preview.product, learner, 'getCourse', { courseId });
    expect(owned).toBe(false);
    expect(errors).toEqual([]);
  });
});
