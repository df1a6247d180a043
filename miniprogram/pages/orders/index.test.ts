import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import type { OrderView } from '../../../typings/entities';
import { orderView } from '../../../test/miniprogram/fixtures';
import {
  emit,
  fail,
  find,
  lifecycle,
  loadPage,
  ok,
  pageInstance,
  setPlatform,
  settle,
  spyNavigation,
  stubCloud,
  tap,
  text,
  texts,
} from '../../../test/miniprogram/harness';

const orders: OrderView[] = [
  orderView(),
  orderView({ id: 'order-2', courseId: 'course-ts', courseTitle: 'TypeScript 从入门到实战', amountFen: 19900, status: 'paid', paidAt: Date.UTC(2025, 2, 8, 6, 6) }),
  orderView({ id: 'order-3', status: 'closed' }),
  orderView({ id: 'order-4', status: 'unpaid', expiresAt: Date.UTC(2020, 0, 1) }),
];

function orderCloud(all: OrderView[] = orders) {
  const requests: RequestOf<'listOrders'>[] = [];
  const calls = stubCloud({
    listOrders: (req) => {
      requests.push(req);
      const page = req.page ?? 1;
      const matching = req.status ? all.filter((o) => o.status === req.status) : all;
      return ok({ items: matching.slice((page - 1) * 10, page * 10), page, hasMore: page * 10 < matching.length });
    },
  });
  return { requests, calls };
}

describe('orders page', () => {
  it('lists my orders with amount and status', async () => {
    const { requests } = orderCloud();
    const page = loadPage('pages/orders/index');
    expect(find(page, '.state >>> .loading')).toBeTruthy();
    await settle();
    expect(texts(page, '.course-title')).toHaveLength(4);
    expect(texts(page, '.order-status')).toEqual(['待支付', '已支付', '已关闭', '待支付']);
    expect(texts(page, '.amount')).toEqual(['实付 ¥99.00', '实付 ¥199.00', '实付 ¥99.00', '实付 ¥99.00']);
    expect(text(page, '.created')).toBe('2025-03-08 14:05');
    // only the unexpired unpaid order can be paid
    expect(texts(page, '.pay')).toEqual(['去支付']);
    expect(requests).toEqual([{ page: 1, pageSize: 10 }]);
  });

  it('pays an unpaid order on the purchase page, and opens the course on tap', async () => {
    const nav = spyNavigation();
    orderCloud();
    const page = loadPage('pages/orders/index');
    await settle();
    await tap(page, '.pay', '.t-button');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/purchase/index?courseId=course-time' });
    const second = page.querySelectorAll('.order-main')[1];
    second.dispatchEvent('tap');
    await settle();
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/course/index?id=course-ts' });
  });

  it('opens and pays each kind where it belongs: course, bundle, membership, question', async () => {
    const nav = spyNavigation();
    orderCloud([
      orderView({ id: 'o-course', kind: 'course', courseId: 'course-time' }),
      orderView({ id: 'o-bundle', kind: 'bundle', courseId: 'bundle-fullstack', productId: 'fullstack', courseTitle: '全栈开发者成长专栏', amountFen: 34900 }),
      orderView({ id: 'o-plan', kind: 'membership', courseId: 'plan-year', productId: 'year', courseTitle: '年卡', amountFen: 19800 }),
      orderView({ id: 'o-question', kind: 'question', courseId: 'question-ins-linxiao', courseTitle: '付费提问 · 林晓', amountFen: 990 }),
    ]);
    const page = loadPage('pages/orders/index');
    await settle();
    const opened: unknown[] = [];
    for (const row of page.querySelectorAll('.order-main')) {
      row.dispatchEvent('tap');
      await settle();
      opened.push(nav.navigateTo.mock.lastCall?.[0]);
    }
    expect(opened).toEqual([
      { url: '/pages/course/index?id=course-time' },
      { url: '/pages/bundle/index?id=fullstack' },
      { url: '/pages/membership/index' },
      { url: '/pages/my-questions/index' },
    ]);

    const paid: unknown[] = [];
    for (const button of page.querySelectorAll('.pay')) {
      button.querySelector('.t-button')!.dispatchEvent('tap');
      await settle();
      paid.push(nav.navigateTo.mock.lastCall?.[0]);
    }
    expect(paid).toEqual([
      { url: '/pages/purchase/index?courseId=course-time' },
      { url: '/pages/purchase/index?kind=bundle&id=fullstack' },
      { url: '/pages/purchase/index?kind=membership&id=year' },
      { url: '/pages/my-questions/index' },
    ]);
  });

  it('filters by status tab, and opens on the tab its route names', async () => {
    const { requests } = orderCloud();
    const page = loadPage('pages/orders/index');
    await settle();
    await emit(page, '.tabs', 'change', { value: 'paid', label: '已支付' });
    expect(requests.at(-1)).toEqual({ status: 'paid', page: 1, pageSize: 10 });
    expect(texts(page, '.course-title')).toEqual(['TypeScript 从入门到实战']);

    const direct = orderCloud();
    const unpaidPage = loadPage('pages/orders/index', { status: 'unpaid' });
    await settle();
    expect(direct.requests).toEqual([{ status: 'unpaid', page: 1, pageSize: 10 }]);
    expect(pageInstance(unpaidPage).data.activeTab).toBe('unpaid');
  });

  it('appends the next page by path as the list reaches the bottom', async () => {
    const many = Array.from({ length: 15 }, (_, i) => orderView({ id: `order-${i}`, status: 'paid' }));
    const { requests } = orderCloud(many);
    const page = loadPage('pages/orders/index');
    await settle();
    expect(texts(page, '.course-title')).toHaveLength(10);
    await lifecycle(page, 'onReachBottom');
    expect(texts(page, '.course-title')).toHaveLength(15);
    expect(text(page, '.no-more')).toBe('没有更多了');
    await lifecycle(page, 'onReachBottom');
    expect(requests.map((r) => r.page)).toEqual([1, 2]);
  });

  it('offers no payment on iOS', async () => {
    setPlatform('ios');
    orderCloud();
    const page = loadPage('pages/orders/index');
    await settle();
    expect(texts(page, '.order-status')[0]).toBe('待支付');
    expect(find(page, '.pay')).toBeFalsy();
  });

  it('says so when there are no orders', async () => {
    orderCloud([]);
    const page = loadPage('pages/orders/index');
    await settle();
    expect(text(page, '.state >>> .empty')).toContain('还没有这类订单');
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ listOrders: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok({ items: orders, page: 1, hasMore: false })) });
    const page = loadPage('pages/orders/index');
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(texts(page, '.course-title')).toHaveLength(4);
  });
});
