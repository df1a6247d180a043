/* eslint-disable @typescript-eslint/no-explicit-any -- the page's wx and WeChat's answers, read field by field */
/**
 * The preview's virtual payment, by itself: on `?platform=ios`, wx.login's
 * code is one the emulator's code2Session answers, and
 * wx.requestVirtualPayment opens the sheet, which pays a correctly signed
 * request, fails a wrong paySig visibly with -15005, and ✕ fails with -2.
 * (The purchase through the product's pages is the purchase e2e's story.)
 */
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EMULATOR_APP_ID, EMULATOR_APP_SECRET, EMULATOR_XPAY_APP_KEY } from '../../emulator/xpay/keys';
import { UI_TIMEOUT, stepShooter, usePreview } from './harness';

const preview = usePreview();
const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

/** Calls wx.requestVirtualPayment in the page; resolves with what success or fail got. */
function requestInPage(page: Page, params: Record<string, string>): Promise<{ ok: boolean; errCode?: number; errMsg?: string }> {
  return page.evaluate(
    (p) =>
      new Promise((resolve) => {
        (window as any).wx.requestVirtualPayment({
          ...p,
          success: (res: any) => resolve({ ok: true, errMsg: res.errMsg }),
          fail: (err: any) => resolve({ ok: false, errCode: err.errCode, errMsg: err.errMsg }),
        });
      }),
    params,
  );
}

describe('the virtual payment sheet', () => {
  it('pays a signed request, shows a wrong paySig failing with -15005, and ✕ cancels with -2', { timeout: 120_000 }, async () => {
    const { url, emulatorUrl } = preview.product;
    const openid = 'o_preview_learner_lin';
    const context = await preview.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(`${url}?as=${openid}&platform=ios`);
    await page.locator('body.preview-ready').waitFor();
    const shot = stepShooter(page, 'xpay-sheet');
    expect(await page.evaluate(() => (window as any).wx.getDeviceInfo().platform)).toBe('ios');

    // what virtualPay does with a fresh wx.login code: code2Session gives this learner's session_key
    const { code } = await page.evaluate(() => (window as any).wx.login());
    const session = await (await fetch(`${emulatorUrl}/sns/jscode2session?appid=${EMULATOR_APP_ID}&secret=${EMULATOR_APP_SECRET}&js_code=${code}&grant_type=authorization_code`)).json();
    expect(session.openid).toBe(openid);
    const signed = (outTradeNo: string, appKey = EMULATOR_XPAY_APP_KEY) => {
      const signData = JSON.stringify({ offerId: '1450000000', buyQuantity: 1, env: 0, currencyType: 'CNY', productId: 'course_e2e_990', goodsPrice: 990, outTradeNo, attach: 'e2e' });
      return { signData, paySig: hmac(appKey, `requestVirtualPayment&${signData}`), signature: hmac(session.session_key, signData), mode: 'short_series_goods' };
    };

    const paid = `XE${Date.now()}`;
    const paying = requestInPage(page, signed(paid));
    await page.locator('.xpay-sheet').waitFor();
    await expect.poll(() => page.locator('.xpay-sheet__amount').textContent()).toBe('¥9.90');
    await shot('sheet');
    await page.locator('.xpay-sheet__confirm').click();
    expect(await paying).toEqual({ ok: true, errMsg: 'requestVirtualPayment:ok' });
    const { orders } = await (await fetch(`${emulatorUrl}/api/xpay/orders`)).json();
    expect(orders.find((o: any) => o.orderId === paid)).toMatchObject({ openid, paidFee: 990, productId: 'course_e2e_990' });

    // signed with another AppKey: WeChat refuses, the sheet says so, then fail gets -15005
    const forged = requestInPage(page, signed(`XF${Date.now()}`, 'not-the-app-key'));
    await page.locator('.xpay-sheet__confirm').click();
    await expect.poll(() => page.locator('.xpay-sheet__error').textContent()).toContain('-15005');
    await shot('wrong-pay-sig');
    expect(await forged).toMatchObject({ ok: false, errCode: -15005 });
    await expect.poll(() => page.locator('.xpay-sheet').count()).toBe(0);

    const cancelled = requestInPage(page, signed(`XC${Date.now()}`));
    await page.locator('.xpay-sheet__close').click();
    expect(await cancelled).toEqual({ ok: false, errCode: -2, errMsg: 'requestVirtualPayment:fail cancel' });
    await context.close();
  });
});
