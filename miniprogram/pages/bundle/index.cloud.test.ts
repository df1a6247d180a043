/**
 * Bundles (专栏), coupons (优惠券) and membership (会员) through the pages,
 * against the real cloud functions on the emulator and the demo seed: the
 * fullstack bundle (three courses, 19900 + 29900 + 9900 fen, for 39900), the
 * 专栏满减券 (满199减50 on any bundle), the 月卡 plan (30 days, 3000 fen) and
 * course-sleep, open to members.
 */
import { describe, expect, it } from 'vitest';
import { emit, find, loadPage, pageInstance, show, spyNavigation, spyToast, text, texts, urls, waitFor, type Rendered } from '../../../test/miniprogram/harness';
import { route, useRealCloud } from '../../../test/miniprogram/real-cloud';

type PurchasePage = { configurePolling(p: { attempts?: number; intervalMs?: number }): void };

/** a function's first call starts its instance: give the real cloud time on a busy machine */
const SLOW = 20_000;

/** Opens the page the last navigation named, as WeChat would. */
function follow(spy: { mock: { calls: unknown[][] } }): Rendered {
  const { pagePath, query } = route(urls(spy).at(-1) ?? '');
  const page = loadPage(pagePath, query);
  if (pagePath === 'pages/purchase/index') pageInstance<PurchasePage>(page).configurePolling({ attempts: 200, intervalMs: 50 });
  return page;
}

/** Taps the TDesign button inside the `index`-th match of `selector`. */
function tapNth(page: Rendered, selector: string, index: number): void {
  page.querySelectorAll(selector)[index]!.querySelector('.t-button')!.dispatchEvent('tap');
}

describe('bundles, coupons and membership on the real cloud', () => {
  it('claims the bundle coupon, buys the bundle with it, and finds its courses owned and the coupon used', async () => {
    const cloud = useRealCloud('o_page_bundle_buyer');
    const nav = spyNavigation();
    spyToast();

    const coupons = loadPage('pages/my-coupons/index', { tab: 'claimable' });
    await waitFor(() => expect(texts(coupons, '.claimable .coupon-title')).toContain('专栏满减券'), SLOW);
    const index = texts(coupons, '.claimable .coupon-title').indexOf('专栏满减券');
    expect(texts(coupons, '.claimable .discount')[index]).toBe('满199减50');
    tapNth(coupons, '.claim', index);
    await waitFor(() => expect(texts(coupons, '.claim')[index]).toBe('已领取'), SLOW);

    const bundle = loadPage('pages/bundle/index', { id: 'fullstack' });
    await waitFor(() => expect(text(bundle, '.buy')).toBe('购买专栏'), SLOW);
    expect(text(bundle, '.price >>> .price')).toBe('¥399.00');
    expect(text(bundle, '.worth')).toBe('总价值 ¥597.00');
    expect(texts(bundle, '.course >>> .title')).toHaveLength(3);
    tapNth(bundle, '.buy', 0);
    await waitFor(() => expect(urls(nav.navigateTo)).toEqual(['/pages/purchase/index?kind=bundle&id=fullstack']));

    // the server chose the coupon: 50 off
    const purchase = follow(nav.navigateTo);
    await waitFor(() => expect(text(purchase, '.pay')).toBe('确认支付'), SLOW);
    expect(text(purchase, '.list >>> .price')).toBe('¥399.00');
    expect(text(purchase, '.coupon-name')).toBe('专栏满减券（满199减50）');
    expect(text(purchase, '.amount >>> .price')).toBe('¥349.00');
    tapNth(purchase, '.pay', 0);
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled(), SLOW);
    expect(urls(nav.redirectTo)).toEqual(['/pages/bundle/index?id=fullstack']);

    expect(await cloud.mine('orders')).toMatchObject([{ kind: 'bundle', status: 'paid', amountFen: 34900 }]);
    const granted = await cloud.mine('entitlements');
    expect(granted.map((e) => e.courseId).sort()).toEqual(['course-cloud', 'course-time', 'course-ts']);

    // back on the bundle page: bought, every course 已拥有
    await show(bundle);
    await waitFor(() => expect(text(bundle, '.bought')).toBe('已购买'), SLOW);
    expect(texts(bundle, '.course >>> .owned')).toEqual(['已拥有', '已拥有', '已拥有']);
    expect(find(bundle, '.buy')).toBeFalsy();

    await emit(coupons, '.tabs', 'change', { value: 'used', label: '已使用' });
    await waitFor(() => expect(texts(coupons, '.mine .coupon-title')).toEqual(['专栏满减券']), SLOW);
  });

  it('becomes a member on the membership page, and a course open to members opens without buying', async () => {
    useRealCloud('o_page_member');
    const nav = spyNavigation();
    spyToast();

    const membership = loadPage('pages/membership/index');
    await waitFor(() => expect(text(membership, '.membership')).toBe('未开通'), SLOW);
    expect(texts(membership, '.plan-title')).toEqual(['月卡', '年卡']);
    tapNth(membership, '.buy', 0);
    await waitFor(() => expect(urls(nav.navigateTo)).toEqual(['/pages/purchase/index?kind=membership&id=month']));

    const purchase = follow(nav.navigateTo);
    await waitFor(() => expect(text(purchase, '.pay')).toBe('确认支付'), SLOW);
    expect(text(purchase, '.membership-now')).toBe('当前会员：未开通');
    const after = text(purchase, '.membership-after')!;
    expect(after).toMatch(/^支付后有效期至 \d{4}-\d{2}-\d{2}$/);
    expect(text(purchase, '.amount >>> .price')).toBe('¥30.00');
    tapNth(purchase, '.pay', 0);
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled(), SLOW);
    expect(urls(nav.redirectTo)).toEqual(['/pages/membership/index']);

    await show(membership);
    await waitFor(() => expect(text(membership, '.membership')).toBe(after.replace('支付后', '')), SLOW);
    expect(texts(membership, '.buy')).toEqual(['续费', '续费']);

    const course = loadPage('pages/course/index', { id: 'course-sleep' });
    await waitFor(() => expect(text(course, '.member-free')).toBe('会员免费学'), SLOW);
    expect(find(course, '.lesson--locked')).toBeFalsy();
    expect(text(course, '.action')).toBe('开始学习');
  });
});
