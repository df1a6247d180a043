/**
 * Virtual payment (小程序虚拟支付) through the product's pages, on an iPhone:
 * with the shop's settings/payment selling through xpay on iOS, a learner on
 * `?platform=ios` sees the price (hidden on iOS under WeChat Pay), buys the
 * course through the virtual payment sheet, and owns it once WeChat's delivery
 * push has settled the order; a learner who closes the sheet keeps the order
 * open with 继续支付 and owns nothing. Screenshots in .test-artifacts/e2e/.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { productKeyOf, xpayProductId } from '../../database-schema/orders/schema';
import type { PaymentSettingsDoc } from '../../database-schema/settings/schema';
import { paymentSettingsSchema } from '../../database-schema/settings/schema';
import { IOS_PURCHASE_NOTICE } from '../../miniprogram/services/platform';
import { UI_TIMEOUT, callAs, navTitle, stepShooter, top, usePreview, type RunningProduct } from './harness';

const preview = usePreview();
const title = navTitle;
/** a class of a page's own template, as the preview prefixes it with the page's tag */
const css = (pageName: string, cls: string) => `.page-${pageName}--${cls}`;

const currentQuery = (page: Page) => page.evaluate(() => (window as unknown as { __preview: { navigator: { current: { query: Record<string, string> } } } }).__preview.navigator.current.query);

/**
 * Rewrites settings/payment as an operator does in the cloud console: the
 * settings collection exported, the payment document changed, the collection
 * imported back (the emulator's data API; nothing else writes documents from
 * outside). Done before any function runs, since a warm instance keeps the
 * settings it read for a minute.
 */
async function switchPayment(product: RunningProduct, change: (doc: PaymentSettingsDoc) => PaymentSettingsDoc): Promise<PaymentSettingsDoc> {
  const { documents } = (await (await fetch(`${product.emulatorUrl}/api/collections/settings`)).json()) as { documents: { _id: string }[] };
  const payment = change(paymentSettingsSchema.parse(documents.find((d) => d._id === 'payment')));
  // the schema's own check: xpay's offerId and env are there when a provider is xpay
  paymentSettingsSchema.parse(payment);
  const dir = await mkdtemp(path.join(tmpdir(), 'zhishi-e2e-settings-'));
  try {
    const lines = documents.map((d) => JSON.stringify(d._id === 'payment' ? payment : d) + '\n');
    await writeFile(path.join(dir, 'settings.json'), lines.join(''));
    const res = await fetch(`${product.emulatorUrl}/api/data/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dir }) });
    expect(await res.json()).toMatchObject({ collections: ['settings'] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return payment;
}

/** The preview on an iPhone, as one of its learners, with what the page logs kept. */
async function openOnIPhone(openid: string): Promise<{ page: Page; errors: string[] }> {
  const context = await preview.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`${preview.product.url}?as=${openid}&platform=ios`);
  await page.locator('body.preview-ready').waitFor();
  expect(await page.evaluate(() => (window as unknown as { wx: { getDeviceInfo(): { platform: string } } }).wx.getDeviceInfo().platform)).toBe('ios');
  return { page, errors };
}

interface XpayOrder {
  orderId: string;
  openid: string;
  paidFee: number;
  productId: string;
}

describe('virtual payment in the preview, on iOS', () => {
  beforeAll(async () => {
    await switchPayment(preview.product, (doc) => ({ ...doc, providerByPlatform: { ios: 'xpay' }, xpay: { offerId: '1450000000', env: 1 } }));
  });

  it('a learner on an iPhone sees the price, buys through the virtual payment sheet and owns the course', async () => {
    const learner = 'o_preview_learner_lin';
    const { page, errors } = await openOnIPhone(learner);
    const shot = stepShooter(page, 'xpay');

    await top(page).getByText('高效时间管理 21 讲', { exact: true }).click();
    await top(page).getByText('课程目录').waitFor();
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('高效时间管理 21 讲');
    const { id: courseId } = await currentQuery(page);
    // under WeChat Pay an iPhone shows neither a price nor 购买: under xpay it shows both
    await top(page).getByText('购买', { exact: true }).waitFor();
    await expect(top(page).locator(css('course', 'price-line')).innerText()).resolves.toContain('¥99.00');
    await expect(top(page).locator(css('course', 'action-bar')).innerText()).resolves.toMatch(/¥99\.00\s*购买/);
    await expect(top(page).getByText(IOS_PURCHASE_NOTICE).count()).resolves.toBe(0);
    await shot('course-price');

    await top(page).getByText('购买', { exact: true }).click();
    await top(page).getByText('实付', { exact: true }).waitFor();
    await expect(top(page).locator(css('purchase', 'amount-line')).innerText()).resolves.toMatch(/实付\s*¥99\.00/);
    // a virtual payment product's price is fixed in the back office: no coupons
    await expect(top(page).locator(css('purchase', 'list-line')).innerText()).resolves.toMatch(/原价\s*¥99\.00/);
    await expect(top(page).locator(css('purchase', 'coupon-line')).count()).resolves.toBe(0);
    await expect(top(page).getByText('优惠券', { exact: true }).count()).resolves.toBe(0);
    await shot('confirm');

    await top(page).getByText('确认支付', { exact: true }).click();
    const sheet = page.locator('.xpay-sheet');
    await sheet.waitFor();
    await expect(sheet.locator('.xpay-sheet__amount').textContent()).resolves.toBe('¥99.00');
    await expect(page.locator('.pay-sheet').count()).resolves.toBe(0);
    await shot('xpay-sheet');
    await sheet.locator('.xpay-sheet__confirm').click();
    await sheet.waitFor({ state: 'detached' });

    // the delivery push settled it: the first lesson opens; back on the course it is owned
    await expect.poll(() => title(page).textContent(), { timeout: UI_TIMEOUT }).toBe('开篇：你的时间去哪了');
    await shot('paid-first-lesson');
    await page.locator('.navbar__back').click();
    await top(page).getByText('已购买', { exact: true }).waitFor();
    await expect(top(page).getByText('购买后学习').count()).resolves.toBe(0);
    await shot('owned');

    const { owned } = await callAs<{ owned: boolean }>(preview.product, learner, 'getCourse', { courseId });
    expect(owned).toBe(true);
    // WeChat's side: one xpay order for this learner, paid at the course's price as its product
    const { orders } = (await (await fetch(`${preview.product.emulatorUrl}/api/xpay/orders`)).json()) as { orders: XpayOrder[] };
    const mine = orders.filter((o) => o.openid === learner);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ paidFee: 9900, productId: xpayProductId(productKeyOf('course', courseId), 9900) });
    expect(errors).toEqual([]);
  });

  it('closing the virtual payment sheet keeps the order open with 继续支付 and owns nothing', async () => {
    const learner = 'o_preview_learner_zhou';
    const { page, errors } = await openOnIPhone(learner);
    const shot = stepShooter(page, 'xpay-cancel');

    await top(page).getByText('TypeScript 从入门到实战', { exact: true }).click();
    await top(page).getByText('课程目录').waitFor();
    const { id: courseId } = await currentQuery(page);
    await top(page).getByText('购买', { exact: true }).click();
    await top(page).getByText('确认支付', { exact: true }).click();
    const sheet = page.locator('.xpay-sheet');
    await sheet.waitFor();
    await shot('xpay-sheet');
    await sheet.locator('.xpay-sheet__close').click();
    await sheet.waitFor({ state: 'detached' });

    await top(page).getByText('你已取消支付', { exact: false }).waitFor();
    await expect(top(page).getByText('继续支付', { exact: true }).isVisible()).resolves.toBe(true);
    await shot('cancelled');

    // the order stays open: the course offers to resume it, and nothing was paid or granted
    const course = await callAs<{ owned: boolean; unpaidOrder: { id: string } | null }>(preview.product, learner, 'getCourse', { courseId });
    expect(course.owned).toBe(false);
    expect(course.unpaidOrder).not.toBeNull();
    const { orders } = (await (await fetch(`${preview.product.emulatorUrl}/api/xpay/orders`)).json()) as { orders: XpayOrder[] };
    expect(orders.filter((o) => o.openid === learner)).toEqual([]);
    await page.locator('.navbar__back').click();
    await top(page).getByText(/^(购买|继续支付)$/).waitFor();
    await expect(top(page).getByText('已购买', { exact: true }).count()).resolves.toBe(0);
    await shot('course-unowned');
    expect(errors).toEqual([]);
  });
});
