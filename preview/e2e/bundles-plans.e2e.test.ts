/**
 * The console's 营销 tab in a real browser: the demo bundle with its courses
 * and price against theirs, and the membership plans, read through the
 * operator functions. Screenshots in .test-artifacts/e2e/.
 */
import { describe, expect, it } from 'vitest';
import { UI_TIMEOUT, openAs, stepShooter, usePreview } from './harness';

const preview = usePreview();

describe('marketing in the console', () => {
  it('lists the bundles and the membership plans', async () => {
    const { page, errors } = await openAs(preview, 'o_preview_learner_zhou');
    const shot = stepShooter(page, 'bundles-plans');
    const console = page.locator('#console');
    await console.locator('[data-tab="marketing"]').click();
    const bundles = console.locator('[data-section="bundles"]');
    await bundles.waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(() => bundles.innerText(), { timeout: UI_TIMEOUT }).toMatch(/全栈开发者成长专栏[\s\S]*course-ts[\s\S]*¥399\.00[\s\S]*课程原价合计 ¥597\.00[\s\S]*在售/);
    const plans = await console.locator('[data-section="plans"]').innerText();
    expect(plans).toMatch(/月卡[\s\S]*30 天[\s\S]*¥30\.00[\s\S]*年卡[\s\S]*365 天[\s\S]*¥198\.00/);
    await shot('console-marketing');
    expect(errors).toEqual([]);
  });
});
