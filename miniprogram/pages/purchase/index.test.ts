import { describe, expect, it, vi } from 'vitest';
import type { OrderStatus } from '../../../typings/entities';
import { courseDetail, orderView, payment } from '../../../test/miniprogram/fixtures';
import {
  fail,
  find,
  loadPage,
  ok,
  pageInstance,
  setPlatform,
  settle,
  show,
  spyNavigation,
  spyToast,
  stubCloud,
  tap,
  text,
  unload,
  waitFor,
  type Rendered,
} from '../../../test/miniprogram/harness';

type PurchasePage = { configurePolling(p: { attempts?: number; intervalMs?: number }): void };

/** The "购买成功" subscribe message's template, as unifiedPay hands it out. */
const PURCHASE_TEMPLATE = 'TPL_PURCHASE_SUCCEEDED';

/** The cloud of a purchase: the order becomes paid after `paidAfter` getOrder calls (never when null). */
function purchaseCloud({ paidAfter = 2 as number | null, finalStatus = 'unpaid' as OrderStatus, subscribeTemplateIds = [PURCHASE_TEMPLATE] } = {}) {
  const log: string[] = [];
  let orderChecks = 0;
  const calls = stubCloud({
    getCourse: () => ok({ course: courseDetail(), owned: false, unpaidOrder: null, reviews: [] }),
    createOrder: ({ courseId }) => {
      log.push(`createOrder ${courseId}`);
      return ok({ order: orderView(), reused: log.filter((l) => l.startsWith('createOrder')).length > 1 });
    },
    unifiedPay: ({ orderId }) => {
      log.push(`unifiedPay ${orderId}`);
      return ok({ orderId, payment, subscribeTemplateIds });
    },
    getOrder: ({ orderId }) => {
      orderChecks += 1;
      log.push(`getOrder ${orderId}`);
      const paid = paidAfter !== null && orderChecks >= paidAfter;
      return ok({ order: orderView({ status: paid ? 'paid' : finalStatus, paidAt: paid ? Date.now() : null }) });
    },
  });
  return { log, calls };
}

async function openPurchase(): Promise<Rendered> {
  const page = loadPage('pages/purchase/index', { courseId: 'course-time' });
  pageInstance<PurchasePage>(page).configurePolling({ attempts: 3, intervalMs: 5 });
  await settle();
  return page;
}

const payWith = (impl: () => Promise<unknown>) => vi.spyOn(wx, 'requestPayment').mockImplementation(impl as never);
const subscribeWith = (impl: (options: { tmplIds: string[] }) => Promise<unknown>) =>
  vi.spyOn(wx, 'requestSubscribeMessage').mockImplementation(impl as never);

describe('purchase page', () => {
  it('shows what is being bought and its price', async () => {
    const { calls } = purchaseCloud();
    const page = await openPurchase();
    expect(text(page, '.title')).toBe('高效时间管理 21 讲');
    expect(text(page, '.amount >>> .price')).toBe('¥99.00');
    expect(text(page, '.pay')).toBe('确认支付');
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('pays, waits for the server to say paid, then opens the first lesson', async () => {
    const nav = spyNavigation();
    const toast = spyToast();
    const { log } = purchaseCloud({ paidAfter: 2 });
    const pay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(pay).toHaveBeenCalledWith(payment);
    expect(log).toEqual(['createOrder course-time', 'unifiedPay order-1', 'getOrder order-1', 'getOrder order-1']);
    expect(text(page, '.success')).toBe('支付成功');
    expect(toast).toHaveBeenCalledWith({ title: '支付成功', icon: 'success' });
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
  });

  it('asks for the 购买成功 message in the pay tap, right before WeChat Pay', async () => {
    const nav = spyNavigation();
    const { log } = purchaseCloud({ paidAfter: 1 });
    const subscribe = subscribeWith(({ tmplIds }) => {
      log.push(`requestSubscribeMessage ${tmplIds.join(',')}`);
      return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', [PURCHASE_TEMPLATE]: 'accept' });
    });
    payWith(() => {
      log.push('requestPayment');
      return Promise.resolve({ errMsg: 'requestPayment:ok' });
    });
    const page = await openPurchase();
    expect(subscribe).not.toHaveBeenCalled();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(subscribe).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: [PURCHASE_TEMPLATE] }));
    expect(log).toEqual([
      'createOrder course-time',
      'unifiedPay order-1',
      `requestSubscribeMessage ${PURCHASE_TEMPLATE}`,
      'requestPayment',
      'getOrder order-1',
    ]);
  });

  it('asks first, before any cloud call, with the ids the last payment handed out, and keeps the new ones', async () => {
    const nav = spyNavigation();
    const { log } = purchaseCloud({ paidAfter: 1 });
    vi.spyOn(wx, 'getStorageSync').mockImplementation(((key: string) => (key === 'subscribeTemplateIds' ? [PURCHASE_TEMPLATE] : '')) as never);
    const kept = vi.spyOn(wx, 'setStorageSync').mockImplementation(() => undefined);
    subscribeWith(({ tmplIds }) => {
      log.push(`requestSubscribeMessage ${tmplIds.join(',')}`);
      return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok' });
    });
    payWith(() => {
      log.push('requestPayment');
      return Promise.resolve({ errMsg: 'requestPayment:ok' });
    });
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log).toEqual([
      `requestSubscribeMessage ${PURCHASE_TEMPLATE}`,
      'createOrder course-time',
      'unifiedPay order-1',
      'requestPayment',
      'getOrder order-1',
    ]);
    expect(kept).toHaveBeenCalledWith('subscribeTemplateIds', [PURCHASE_TEMPLATE]);
  });

  it.each([
    ['WeChat will not ask', { errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20004 }],
    ['the learner closes the dialog', { errMsg: 'requestSubscribeMessage:fail cancel' }],
  ])('pays all the same when %s', async (_case, refusal) => {
    const nav = spyNavigation();
    const toast = spyToast();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    purchaseCloud({ paidAfter: 1 });
    const subscribe = subscribeWith(() => Promise.reject(refusal));
    const pay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(pay).toHaveBeenCalledWith(payment);
    expect(text(page, '.success')).toBe('支付成功');
    expect(toast).toHaveBeenCalledWith({ title: '支付成功', icon: 'success' });
    expect(warn).toHaveBeenCalledWith('[payment] requestSubscribeMessage failed', refusal.errMsg);
  });

  it('asks for no message when none is configured', async () => {
    const nav = spyNavigation();
    purchaseCloud({ paidAfter: 1, subscribeTemplateIds: [] });
    const subscribe = subscribeWith(() => Promise.resolve({ errMsg: 'requestSubscribeMessage:ok' }));
    const pay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(subscribe).not.toHaveBeenCalled();
    expect(pay).toHaveBeenCalledTimes(1);
  });

  it('trusts only getOrder: while it says unpaid, nothing is granted', async () => {
    const nav = spyNavigation();
    purchaseCloud({ paidAfter: null });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    expect(find(page, '.confirming')).toBeTruthy();
    await waitFor(() => expect(find(page, '.pending')).toBeTruthy());
    expect(find(page, '.success')).toBeFalsy();
    expect(nav.redirectTo).not.toHaveBeenCalled();
  });

  it('says 支付结果确认中 after the polls, and checks again on request', async () => {
    const nav = spyNavigation();
    const { log } = purchaseCloud({ paidAfter: 4 });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(text(page, '.pending >>> .t-result__title')).toBe('支付结果确认中'));
    expect(log.filter((l) => l.startsWith('getOrder'))).toHaveLength(3);
    await tap(page, '.check-again', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log.filter((l) => l.startsWith('getOrder'))).toHaveLength(4);
    expect(log.filter((l) => l.startsWith('createOrder'))).toHaveLength(1);
  });

  it('on cancel keeps the order, polls nothing and offers 继续支付', async () => {
    const { log } = purchaseCloud();
    let attempt = 0;
    payWith(() => (++attempt === 1 ? Promise.reject({ errMsg: 'requestPayment:fail cancel' }) : Promise.resolve({ errMsg: 'requestPayment:ok' })));
    const nav = spyNavigation();
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await settle(20);
    expect(text(page, '.message')).toBe('你已取消支付，订单已为你保留，可随时继续支付');
    expect(text(page, '.pay')).toBe('继续支付');
    expect(log).toEqual(['createOrder course-time', 'unifiedPay order-1']);
    // paying again reuses the order
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log.slice(2, 4)).toEqual(['createOrder course-time', 'unifiedPay order-1']);
  });

  it('says so when WeChat Pay fails, without polling', async () => {
    const { log } = purchaseCloud();
    payWith(() => Promise.reject({ errMsg: 'requestPayment:fail 余额不足' }));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await settle(20);
    expect(text(page, '.message')).toBe('支付未完成，请稍后重试');
    expect(text(page, '.pay')).toBe('重新支付');
    expect(log.some((l) => l.startsWith('getOrder'))).toBe(false);
  });

  it('shows the server message when ordering fails', async () => {
    stubCloud({
      getCourse: () => ok({ course: courseDetail(), owned: false, unpaidOrder: null, reviews: [] }),
      createOrder: () => fail('NOT_ON_SALE', '课程暂未开售'),
    });
    const pay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    expect(text(page, '.message')).toBe('课程暂未开售');
    expect(pay).not.toHaveBeenCalled();
  });

  it('on ALREADY_OWNED says so and offers the course', async () => {
    const nav = spyNavigation();
    stubCloud({
      getCourse: () => ok({ course: courseDetail(), owned: false, unpaidOrder: null, reviews: [] }),
      createOrder: () => fail('ALREADY_OWNED', '你已购买该课程'),
    });
    const pay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    expect(text(page, '.owned')).toBe('你已购买这门课程');
    expect(pay).not.toHaveBeenCalled();
    await tap(page, '.start', '.t-button');
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
  });

  it('makes the course page below reload once paid, and only then', async () => {
    spyNavigation();
    const { calls } = purchaseCloud({ paidAfter: 1 });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const coursePage = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    await show(coursePage);
    const countGetCourse = () => calls.mock.calls.filter((c) => (c[0] as { name: string }).name === 'getCourse').length;
    expect(countGetCourse()).toBe(1);
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(find(page, '.success')).toBeTruthy());
    await show(coursePage);
    expect(countGetCourse()).toBe(3);
  });

  it('stops at a closed order', async () => {
    purchaseCloud({ paidAfter: null, finalStatus: 'closed' });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(text(page, '.message')).toBe('订单已关闭，如已扣款将原路退回'));
    expect(text(page, '.pay')).toBe('重新下单');
  });

  it('stops polling when the page is closed', async () => {
    const { log } = purchaseCloud({ paidAfter: null });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = loadPage('pages/purchase/index', { courseId: 'course-time' });
    pageInstance<PurchasePage>(page).configurePolling({ attempts: 3, intervalMs: 30 });
    await settle();
    await tap(page, '.pay', '.t-button');
    await unload(page);
    await settle(150);
    expect(log.filter((l) => l.startsWith('getOrder'))).toHaveLength(0);
  });

  it('shows that it is already owned, without a pay button', async () => {
    stubCloud({ getCourse: () => ok({ course: courseDetail({ owned: true }), owned: true, unpaidOrder: null, reviews: [] }) });
    const page = await openPurchase();
    expect(text(page, '.owned')).toBe('你已购买这门课程');
    expect(find(page, '.pay')).toBeFalsy();
  });

  it('sells nothing on iOS', async () => {
    setPlatform('ios');
    purchaseCloud();
    const page = await openPurchase();
    expect(text(page, '.purchase-notice')).toBe('由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程');
    expect(find(page, '.pay')).toBeFalsy();
    expect(find(page, '.amount')).toBeFalsy();
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ getCourse: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok({ course: courseDetail(), owned: false, unpaidOrder: null, reviews: [] })) });
    const page = await openPurchase();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(text(page, '.pay')).toBe('确认支付');
  });
});
