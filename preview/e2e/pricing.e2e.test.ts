/**
 * Pricing in a real browser, as a new learner meets it: claim the bundle
 * coupon under 我的 → 我的优惠券, open the 专栏 from the home page, buy it
 * with the coupon the server preselected, pay through the WeChat Pay sheet,
 * own its courses; an operator refunds the order and, once WeChat Pay's
 * refund notification has come, the courses are no longer the learner's.
 * Screenshots of every step in .test-artifacts/e2e/.
 */
import { describe, expect, it } from 'vitest';
import { demoCouponTemplates } from '../../database-schema/seed/marketing-coupons';
import { seedBundles } from '../../database-schema/seed/marketing-catalog';
import { seedCourses } from '../../database-schema/seed/catalog';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { formatPrice } from '../../miniprogram/utils/format';
import type { ResponseOf } from '../../typings/api';
import { UI_TIMEOUT, callAs, navTitle, openAs, stepShooter, top, usePreview } from './harness';

const preview = usePreview();

const bundle = seedBundles.find((b) => b.id === 'fullstack')!;
const template = demoCouponTemplates(new Date()).find((t) => t._id === 'bundle-50')!;
if (template.discount.type !== 'amount') throw new Error('the seeded bundle coupon takes an amount off');
const couponFen = template.discount.amountFen;
const courseTitles = bundle.courseIds.map((id) => seedCourses.find((c) => c.id === id)!.title);

describe('a bundle bought with a coupon, then refunded', () => {
  it('claim the coupon, buy the 专栏 with it, own its courses; a refund takes them back', async () => {
    // a learner who has bought nothing on this fresh product
    const learner = 'o_preview_learner_lin';
    const { product } = preview;
    const { page, errors } = await openAs(preview, learner);
    const shot = stepShooter(page, 'pricing');
    const title = navTitle(page);

    // 我的 → 我的优惠券 → 可领取: claim the bundle coupon
    await top(page).getByText(courseTitles[0]!, { exact: true }).first().waitFor();
    await page.locator('.tabbar__item[data-route="pages/me/index"]').click();
    await top(page).getByText('我的优惠券', { exact: true }).click();
    await expect.poll(() => title.textContent()).toBe('我的优惠券');
    await top(page).getByText('可领取', { exact: true }).click();
    const claimable = top(page).locator(css('my-coupons', 'claimable'), { hasText: template.title });
    await claimable.waitFor();
    await expect(claimable.innerText()).resolves.toMatch(/满199减50[\s\S]*专栏可用/);
    await shot('claimable');
    await claimable.getByText('领取', { exact: true }).click();
    await claimable.getByText('已领取', { exact: true }).waitFor();
    await shot('claimed');
    await top(page).getByText('可使用', { exact: true }).click();
    await top(page).locator(css('my-coupons', 'mine'), { hasText: template.title }).waitFor();
    await shot('usable');

    // home → the 专栏 row → the bundle page
    await page.locator('.navbar__back').click();
    await page.locator('.tabbar__item[data-route="pages/home/index"]').click();
    await top(page).locator(css('home', 'bundle'), { hasText: bundle.title }).click();
    await expect.poll(() => title.textContent(), { timeout: UI_TIMEOUT }).toBe(bundle.title);
    await top(page).getByText('包含课程').waitFor();
    for (const course of courseTitles) await top(page).getByText(course, { exact: true }).waitFor();
    await expect(top(page).getByText('已拥有', { exact: true }).count()).resolves.toBe(0);
    await shot('bundle');

    // buy: the confirm page prices it with the coupon preselected
    await top(page).getByText('购买专栏', { exact: true }).click();
    await top(page).getByText('实付', { exact: true }).waitFor();
    const totalFen = bundle.priceFen - couponFen;
    const lines = top(page).locator(css('purchase', 'lines'));
    await expect.poll(() => lines.innerText(), { timeout: UI_TIMEOUT }).toContain(template.title);
    expect(await top(page).locator(css('purchase', 'list-line')).innerText()).toMatch(new RegExp(`原价\\s*${escape(formatPrice(bundle.priceFen))}`));
    expect(await top(page).locator(css('purchase', 'coupon-line')).innerText()).toMatch(new RegExp(`优惠券[\\s\\S]*${template.title}[\\s\\S]*-${escape(formatPrice(couponFen))}`));
    expect(await top(page).locator(css('purchase', 'amount-line')).innerText()).toMatch(new RegExp(`实付\\s*${escape(formatPrice(totalFen))}`));
    // and the page shows what the server quotes
    const quote = await callAs<ResponseOf<'quoteOrder'>>(product, learner, 'quoteOrder', { kind: 'bundle', id: bundle.id });
    expect(quote.price).toMatchObject({ listFen: bundle.priceFen, couponFen, totalFen, couponId: expect.any(String) });
    await shot('confirm');

    // pay through the sheet: WeChat Pay charges the server's total
    await top(page).getByText('确认支付', { exact: true }).click();
    const sheet = page.locator('.pay-sheet');
    await sheet.waitFor();
    await expect(sheet.locator('.pay-sheet__amount').textContent()).resolves.toBe(formatPrice(totalFen));
    await shot('pay-sheet');
    await sheet.locator('.pay-sheet__confirm').click();
    await sheet.waitFor({ state: 'detached' });

    // paid: the bundle page again, bought, every course in it owned
    await top(page).getByText('专栏课程已加入我的学习').waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(() => title.textContent()).toBe(bundle.title);
    await expect.poll(() => top(page).getByText('已拥有', { exact: true }).count(), { timeout: UI_TIMEOUT }).toBe(courseTitles.length);
    await shot('bundle-bought');
    const { items: orders } = await callAs<ResponseOf<'listOrders'>>(product, learner, 'listOrders', {});
    const order = orders.find((o) => o.status === 'paid')!;
    expect(order).toMatchObject({ kind: 'bundle', productId: bundle.id, status: 'paid', amountFen: totalFen });

    // the purchase page gave way to the bundle page; under it, the one the learner came from shows them owned too
    await page.locator('.navbar__back').click();
    await expect.poll(() => top(page).getByText('已拥有', { exact: true }).count(), { timeout: UI_TIMEOUT }).toBe(courseTitles.length);
    await top(page).getByText('专栏课程已加入我的学习').waitFor();

    // 我的学习 lists the three courses
    await page.locator('.navbar__back').click();
    await page.locator('.tabbar__item[data-route="pages/learning/index"]').click();
    for (const course of courseTitles) await top(page).getByText(course, { exact: true }).waitFor();
    await shot('learning');

    // an operator refunds it; the emulator's WeChat Pay completes the refund and notifies refundCallback
    await callAs(product, DEMO_OPERATOR_OPENID, 'refundOrder', { orderId: order.id, reason: '学员申请退款' });
    await expect
      .poll(async () => (await callAs<ResponseOf<'getOrder'>>(product, learner, 'getOrder', { orderId: order.id })).order.status, { timeout: UI_TIMEOUT })
      .toBe('refunded');

    // the learner opens the mini-program again: nothing under 我的学习, the bundle on sale to them again
    await page.reload();
    await page.locator('body.preview-ready').waitFor();
    await page.locator('.tabbar__item[data-route="pages/learning/index"]').click();
    await top(page).getByText('还没有购买课程').waitFor();
    for (const course of courseTitles) await expect(top(page).getByText(course, { exact: true }).count()).resolves.toBe(0);
    await shot('learning-after-refund');
    await page.locator('.tabbar__item[data-route="pages/home/index"]').click();
    await top(page).locator(css('home', 'bundle'), { hasText: bundle.title }).click();
    await top(page).getByText('购买专栏', { exact: true }).waitFor();
    for (const course of courseTitles) await top(page).getByText(course, { exact: true }).waitFor();
    await expect(top(page).getByText('已拥有', { exact: true }).count()).resolves.toBe(0);
    await expect(top(page).getByText('已购买', { exact: true }).count()).resolves.toBe(0);
    await shot('bundle-after-refund');

    // 我的订单 shows it refunded
    await page.locator('.navbar__back').click();
    await page.locator('.tabbar__item[data-route="pages/me/index"]').click();
    await top(page).getByText('我的订单', { exact: true }).click();
    await expect.poll(() => title.textContent()).toBe('我的订单');
    const row = top(page).locator(css('orders', 'order'), { hasText: bundle.title });
    await row.waitFor();
    await expect(row.locator(css('orders', 'order-status')).innerText()).resolves.toBe('已退款');
    await expect(row.locator(css('orders', 'amount')).innerText()).resolves.toBe(`实付 ${formatPrice(totalFen)}`);
    await shot('orders-refunded');

    // and the order opens its bundle, not a course
    await row.locator(css('orders', 'order-main')).click();
    await expect.poll(() => title.textContent(), { timeout: UI_TIMEOUT }).toBe(bundle.title);
    await top(page).getByText('购买专栏', { exact: true }).waitFor();
    await shot('order-opens-bundle');
    expect(errors).toEqual([]);
  });
});

/** A page's own class as the preview renders it, scoped by the page: `page-home--bundle`. */
function css(pageName: string, className: string): string {
  return `.page-${pageName}--${className}`;
}

/** A text as a regular expression matches it literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
