/**
 * The console's 营销 tab in a real browser: the seeded coupon templates with
 * their terms, and a learner's claim showing in 已领 / 库存. Screenshots in
 * .test-artifacts/e2e/.
 */
import { describe, expect, it } from 'vitest';
import { UI_TIMEOUT, callAs, openAs, stepShooter, usePreview } from './harness';

const preview = usePreview();

describe('coupons in the preview console', () => {
  it('lists the coupon templates under 营销, a claim counted', async () => {
    const { product } = preview;
    const { page, errors } = await openAs(preview, 'o_preview_learner_zhou');
    const shot = stepShooter(page, 'coupons');
    const console = page.locator('#console');
    await console.locator('[data-tab="marketing"]').click();
    const coupons = console.locator('[data-section="coupons"]');
    await expect.poll(() => coupons.innerText(), { timeout: UI_TIMEOUT }).toMatch(/新人专享券[\s\S]*new-user-10[\s\S]*无门槛减10[\s\S]*全场通用[\s\S]*领取后 30 天内有效[\s\S]*0 \/ 1000/);
    await expect(coupons.innerText()).resolves.toMatch(/专栏满减券[\s\S]*满199减50[\s\S]*专栏可用[\s\S]*2026-01-01 至 2029-12-31[\s\S]*0 \/ 200/);
    await shot('templates');

    await callAs(product, 'o_preview_learner_zhou', 'claimCoupon', { templateId: 'new-user-10' });
    // the console refreshes every few seconds
    await expect.poll(() => coupons.innerText(), { timeout: UI_TIMEOUT }).toMatch(/1 \/ 1000/);
    await shot('claimed');
    expect(errors).toEqual([]);
  });
});
