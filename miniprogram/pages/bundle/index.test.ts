import { describe, expect, it, vi } from 'vitest';
import { bundleDetail, courseCard, orderView, payment, priceBreakdown, quoteAnswer } from '../../../test/miniprogram/fixtures';
import { fail, find, loadPage, ok, pageInstance, setPlatform, settle, show, spyNavigation, stubCloud, tap, text, texts, waitFor } from '../../../test/miniprogram/harness';
import type { ResponseOf } from '../../../typings/api';

/** getBundle's answer: the bundle unbought, none of its courses owned, at its price. */
function bundleAnswer(overrides: Partial<ResponseOf<'getBundle'>> = {}): ResponseOf<'getBundle'> {
  return { bundle: bundleDetail(), price: priceBreakdown({ listFen: 14900 }), ownedCount: 0, bought: false, ...overrides };
}

describe('bundle page', () => {
  it('shows the bundle, its price beside what its courses are worth, and its courses', async () => {
    const calls = stubCloud({ getBundle: () => ok(bundleAnswer()) });
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    expect(find(page, '.state >>> .loading')).toBeTruthy();
    await settle();
    expect(calls).toHaveBeenCalledTimes(1);
    expect(calls.mock.calls[0][0]).toMatchObject({ name: 'getBundle', data: { bundleId: 'bundle-growth' } });
    expect(text(page, '.title')).toBe('职场成长专栏');
    expect(text(page, '.subtitle')).toBe('时间管理与沟通，一次学全');
    expect(text(page, '.summary')).toBe('共 2 门课程 · 320 人已购');
    expect(text(page, '.description')).toBe('两门课程打包：先管好时间，再学会沟通。');
    expect(text(page, '.price >>> .price')).toBe('¥149.00');
    expect(text(page, '.worth')).toBe('总价值 ¥298.00');
    expect(find(page, '.worth-price >>> .price--struck')).toBeTruthy();
    expect(find(page, '.credit')).toBeFalsy();
    expect(texts(page, '.course >>> .title')).toEqual(['高效时间管理 21 讲', '高效沟通 12 讲']);
    expect(find(page, '.cover')!.instance.data.src).toBe('https://env-test.tcb.qcloud.la/covers/bundle-1.png?sign=test');
    expect(text(page, '.action-price >>> .price')).toBe('¥149.00');
    expect(text(page, '.buy')).toBe('购买专栏');
  });

  it('marks the courses owned 已拥有 and shows the credit the server took off', async () => {
    const bundle = bundleDetail({ courses: [courseCard({ owned: true }), courseCard({ id: 'course-talk', title: '高效沟通 12 讲' })] });
    stubCloud({ getBundle: () => ok(bundleAnswer({ bundle, ownedCount: 1, price: priceBreakdown({ listFen: 14900, ownedCreditFen: 4950, totalFen: 9950 }) })) });
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    await settle();
    expect(texts(page, '.course >>> .owned')).toEqual(['已拥有']);
    expect(text(page, '.summary')).toBe('共 2 门课程 · 已拥有 1 门 · 320 人已购');
    expect(text(page, '.price >>> .price')).toBe('¥99.50');
    expect(text(page, '.credit')).toBe('已购课程抵扣 -¥49.50');
  });

  it('opens a course of the bundle on tap, and buys on the purchase page', async () => {
    const nav = spyNavigation();
    stubCloud({ getBundle: () => ok(bundleAnswer()) });
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    await settle();
    await tap(page, '.course >>> .card');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/course/index?id=course-time' });
    await tap(page, '.buy', '.t-button');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/purchase/index?kind=bundle&id=bundle-growth' });
  });

  it('says 已购买 once bought, with no buy button', async () => {
    const bundle = bundleDetail({ courses: bundleDetail().courses.map((c) => ({ ...c, owned: true })) });
    stubCloud({ getBundle: () => ok(bundleAnswer({ bundle, ownedCount: 2, bought: true })) });
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    await settle();
    expect(text(page, '.bought')).toBe('已购买');
    expect(find(page, '.buy')).toBeFalsy();
    expect(texts(page, '.course >>> .owned')).toEqual(['已拥有', '已拥有']);
  });

  it('offers nothing to buy when every course is owned already', async () => {
    const bundle = bundleDetail({ courses: bundleDetail().courses.map((c) => ({ ...c, owned: true })) });
    stubCloud({ getBundle: () => ok(bundleAnswer({ bundle, ownedCount: 2 })) });
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    await settle();
    expect(text(page, '.owned-all')).toBe('已拥有全部课程');
    expect(find(page, '.buy')).toBeFalsy();
  });

  it('on iOS shows no price and no buy button, and says why', async () => {
    setPlatform('ios');
    stubCloud({ getBundle: () => ok(bundleAnswer()) });
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    await settle();
    expect(find(page, '.price')).toBeFalsy();
    expect(find(page, '.worth')).toBeFalsy();
    expect(find(page, '.buy')).toBeFalsy();
    expect(find(page, '.course >>> .price')).toBeFalsy();
    expect(text(page, '.purchase-notice')).toBe('由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程');
  });

  it('loads again when shown after the bundle was bought, and not otherwise', async () => {
    spyNavigation();
    let bought = false;
    const calls = stubCloud({
      getBundle: () => ok(bundleAnswer({ bought })),
      quoteOrder: () => ok(quoteAnswer({ item: { kind: 'bundle', id: 'bundle-growth', title: '职场成长专栏', subtitle: '', coverUrl: '' }, price: priceBreakdown({ listFen: 14900 }) })),
      createOrder: () => ok({ order: orderView({ amountFen: 14900 }), reused: false }),
      unifiedPay: ({ orderId }) => ok({ orderId, payment, subscribeTemplateIds: [] }),
      getOrder: () => ((bought = true), ok({ order: orderView({ status: 'paid', paidAt: Date.now() }) })),
    });
    vi.spyOn(wx, 'requestPayment').mockResolvedValue({ errMsg: 'requestPayment:ok' } as never);
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    await settle();
    await show(page);
    const getBundles = () => calls.mock.calls.filter((c) => (c[0] as { name: string }).name === 'getBundle').length;
    expect(getBundles()).toBe(1);
    const purchase = loadPage('pages/purchase/index', { kind: 'bundle', id: 'bundle-growth' });
    pageInstance<{ configurePolling(p: { attempts?: number; intervalMs?: number }): void }>(purchase).configurePolling({ attempts: 2, intervalMs: 5 });
    await settle();
    await tap(purchase, '.pay', '.t-button');
    await waitFor(() => expect(find(purchase, '.success')).toBeTruthy());
    await show(page);
    expect(getBundles()).toBe(2);
    expect(text(page, '.bought')).toBe('已购买');
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ getBundle: () => (++attempt === 1 ? fail('NOT_FOUND', '专栏不存在或已下架') : ok(bundleAnswer())) });
    const page = loadPage('pages/bundle/index', { id: 'bundle-growth' });
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('专栏不存在或已下架');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(text(page, '.title')).toBe('职场成长专栏');
  });

  it('says so without a bundle id, and calls nothing', async () => {
    const calls = stubCloud({});
    const page = loadPage('pages/bundle/index', {});
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('没有找到这个专栏');
    expect(calls).not.toHaveBeenCalled();
  });
});
