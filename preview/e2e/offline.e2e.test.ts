/**
 * The preview works with no internet: while a person browses home → a course →
 * a lesson → 我的 → 我的订单, every request the page makes goes to loopback
 * (anything else is recorded and aborted, as it would fail offline), the
 * preview's own server answers none of them with an error (the favicon
 * included), and TDesign's icons are drawn by an icon font that actually loaded.
 */
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { UI_TIMEOUT, navTitle, stepShooter, top, usePreview } from './harness';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The family TDesign's icon.wxss gives `.t-icon`. */
const ICON_FAMILY = 't';

const preview = usePreview();
const title = navTitle;
const currentRoute = (page: Page) => page.evaluate(() => (window as unknown as { __preview: { navigator: { current?: { route: string } } } }).__preview.navigator.current?.route);

/**
 * Whether the icon font draws `codePoint` as a glyph of its own: the character
 * painted on a canvas in the family `t` must differ from the same character in
 * a family nobody has (the fallback a failed font leaves, an empty box), and
 * must paint something.
 */
async function iconGlyphDrawn(page: Page, codePoint: number): Promise<{ loaded: boolean; inked: number; differsFromFallback: boolean }> {
  return page.evaluate(
    async ({ family, codePoint }) => {
      const text = String.fromCodePoint(codePoint);
      // a face that could not be fetched rejects the load (NetworkError): that is a font that did not load
      const faces = await document.fonts.load(`40px ${family}`, text).catch(() => [] as FontFace[]);
      const paint = (font: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 48;
        canvas.height = 48;
        const g = canvas.getContext('2d');
        if (!g) throw new Error('no 2d canvas');
        g.font = font;
        g.textBaseline = 'top';
        g.fillText(text, 4, 4);
        return Array.from(g.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3));
      };
      const icon = paint(`40px ${family}`);
      const fallback = paint('40px no-such-font-family');
      return {
        loaded: faces.some((f) => f.status === 'loaded'),
        inked: icon.filter((a) => a > 0).length,
        differsFromFallback: icon.some((a, i) => a !== fallback[i]),
      };
    },
    { family: ICON_FAMILY, codePoint },
  );
}

describe('the preview offline', () => {
  it('asks no host but loopback, gets no error from its own server, and draws TDesign icons', async () => {
    const context = await preview.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const foreign: string[] = [];
    const requested: string[] = [];
    const ownErrors: string[] = [];
    const fontResponses: { url: string; status: number }[] = [];
    const previewOrigin = new URL(preview.product.url).origin;
    const isLocal = (url: string) => {
      const u = new URL(url);
      return u.protocol === 'data:' || u.protocol === 'blob:' || LOOPBACK.has(u.hostname);
    };
    // as with no internet: a request to any other host never gets an answer (and the test does not wait on one)
    await context.route(
      (url) => !isLocal(url.href),
      (route) => route.abort('internetdisconnected'),
    );
    context.on('request', (req) => {
      requested.push(req.url());
      if (!isLocal(req.url())) foreign.push(`${req.resourceType()} ${req.url()}`);
    });
    context.on('response', (res: Response) => {
      const url = res.url();
      if (new URL(url).origin === previewOrigin && res.status() >= 400) ownErrors.push(`${res.status()} ${url}`);
      if (res.request().resourceType() === 'font') fontResponses.push({ url, status: res.status() });
    });

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.setDefaultTimeout(UI_TIMEOUT);
    const shot = stepShooter(page, 'offline');

    await page.goto(`${preview.product.url}?as=o_preview_learner_lin`);
    await page.locator('body.preview-ready').waitFor();
    const course = top(page).getByText('高效时间管理 21 讲', { exact: true });
    await course.waitFor();
    // the search bar's magnifier is a t-icon
    await top(page).locator('[class*="t-icon-search"]').first().waitFor();
    await shot('home');

    await course.click();
    await top(page).getByText('课程目录').waitFor();
    await shot('course');

    // the lesson page is the route, whatever it shows (its design is changing)
    await top(page).getByText('开篇：你的时间去哪了').click();
    await expect.poll(() => currentRoute(page), { timeout: UI_TIMEOUT }).toBe('pages/lesson/index');
    await page.waitForLoadState('networkidle');
    await shot('lesson');

    // back to the catalog, where the tab bar is
    await page.locator('.navbar__back').click();
    await top(page).getByText('课程目录').waitFor();
    await page.locator('.navbar__back').click();
    await course.waitFor();
    await page.locator('.tabbar__item[data-route="pages/me/index"]').click();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('我的');
    const ordersCell = top(page).getByText('我的订单');
    await ordersCell.waitFor();

    // icons on 我的: the avatar's user, the cells' left icons and arrows
    const glyphs = top(page).locator('[class*="t-icon-root-list"], [class*="t-icon-chevron-right"], [class*="t-icon-user"]');
    await expect.poll(() => glyphs.count()).toBeGreaterThanOrEqual(3);
    const boxes = await glyphs.evaluateAll((els) =>
      els.map((el) => ({ cls: el.className, width: el.getBoundingClientRect().width, family: getComputedStyle(el, '::before').fontFamily })),
    );
    for (const box of boxes) {
      expect.soft(box.width, box.cls).toBeGreaterThan(0);
      expect.soft(box.family, box.cls).toMatch(/^"?t"?/);
    }
    // a code point TDesign's own wxss gives the chevron, drawn by the loaded font
    const chevron = await top(page)
      .locator('[class*="t-icon-chevron-right"]')
      .first()
      .evaluate((el) => getComputedStyle(el, '::before').content);
    const codePoint = JSON.parse(chevron).codePointAt(0) as number;
    expect(codePoint).toBeGreaterThanOrEqual(0xe000);
    const drawn = await iconGlyphDrawn(page, codePoint);
    // soft, like the checks below, so one run reports every way the preview is not offline
    expect.soft(drawn).toEqual({ loaded: true, inked: expect.any(Number), differsFromFallback: true });
    expect.soft(drawn.inked).toBeGreaterThan(20);
    await shot('me-icons');

    await ordersCell.click();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('我的订单');
    await page.waitForLoadState('networkidle');
    await shot('orders');

    // the favicon, which browsers ask for whether or not the page names one
    const favicon = await page.request.get(new URL('/favicon.ico', preview.product.url).href);
    expect.soft(favicon.status()).toBe(200);
    expect.soft(favicon.headers()['content-type']).toMatch(/^image\//);
    const linked = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel~="icon"]')?.href ?? null);
    expect.soft(linked).not.toBeNull();
    if (linked) expect.soft((await page.request.get(linked)).status()).toBe(200);

    expect.soft(foreign).toEqual([]);
    expect.soft(ownErrors).toEqual([]);
    expect.soft(fontResponses.length).toBeGreaterThan(0);
    expect.soft(fontResponses.every((f) => f.status === 200 && isLocal(f.url)), JSON.stringify(fontResponses)).toBe(true);
    expect(requested.length).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await context.close();
  });
});
