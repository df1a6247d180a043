import { describe, expect, it, vi } from 'vitest';
import type { RequestOf, ResponseOf } from '../../../typings/api';
import type { OrderStatus } from '../../../typings/entities';
import { courseAnswer, couponOption, loginAnswer, orderView, payment, priceBreakdown, quoteAnswer, virtualPayAnswer } from '../../../test/miniprogram/fixtures';
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
  stubLogin,
  stubVirtualPayment,
  tap,
  text,
  texts,
  unload,
  waitFor,
  type Rendered,
} from '../../../test/miniprogram/harness';

type PurchasePage = { configurePolling(p: { attempts?: number; intervalMs?: number }): void };
type Quote = ResponseOf<'quoteOrder'>;

/** The "购买成功" subscribe message's template, as unifiedPay hands it out. */
const PURCHASE_TEMPLATE = 'TPL_PURCHASE_SUCCEEDED';

/** The quote of the course with two coupons, the best one (20 off) chosen unless asked otherwise. */
function couponQuote(req: RequestOf<'quoteOrder'>): Quote {
  const coupons = [
    couponOption(),
    couponOption({ id: 'cp-2', title: '九折券', discount: { type: 'percent', percentOff: 10, thresholdFen: 0 }, discountText: '9折', discountFen: 990 }),
  ];
  const chosen = req.couponId === undefined ? coupons[0] : coupons.find((c) => c.id === req.couponId);
  if (req.couponId && !chosen) throw new Error(`no coupon ${req.couponId}`);
  const price = chosen ? priceBreakdown({ couponId: chosen.id, couponFen: chosen.discountFen, totalFen: 9900 - chosen.discountFen }) : priceBreakdown();
  return quoteAnswer({ price, coupons });
}

/**
 * The cloud of a purchase: the order becomes paid after `paidAfter` getOrder
 * calls (never when null); `quote` answers quoteOrder (a Result, to refuse).
 */
function purchaseCloud({
  paidAfter = 2 as number | null,
  finalStatus = 'unpaid' as OrderStatus,
  subscribeTemplateIds = [PURCHASE_TEMPLATE],
  quote = (_req: RequestOf<'quoteOrder'>): ReturnType<typeof ok<Quote>> | ReturnType<typeof fail> => ok(quoteAnswer()),
  createOrder = (_req: RequestOf<'createOrder'>, order: ReturnType<typeof orderView>): ReturnType<typeof ok> | ReturnType<typeof fail> => ok({ order, reused: false }),
  virtualPay = (req: RequestOf<'virtualPay'>): ReturnType<typeof ok<ResponseOf<'virtualPay'>>> | ReturnType<typeof fail> => ok(virtualPayAnswer(req.orderId)),
  login = (): ResponseOf<'login'> => loginAnswer(),
} = {}) {
  const log: string[] = [];
  let orderChecks = 0;
  const calls = stubCloud({
    quoteOrder: (req) => {
      log.push(`quoteOrder ${req.kind} ${req.id} ${req.couponId === undefined ? 'best' : req.couponId}`);
      return quote(req);
    },
    getCourse: () => ok(courseAnswer()),
    createOrder: (req) => {
      const { kind, id, couponId } = req as { kind: string; id: string; couponId: string | null };
      log.push(`createOrder ${kind} ${id} ${couponId}`);
      const answer = createOrder(req, orderView());
      return answer.ok ? ok({ order: orderView(), reused: log.filter((l) => l.startsWith('createOrder')).length > 1 }) : answer;
    },
    unifiedPay: ({ orderId }) => {
      log.push(`unifiedPay ${orderId}`);
      return ok({ orderId, payment, subscribeTemplateIds });
    },
    virtualPay: (req) => {
      log.push(`virtualPay ${req.orderId} ${req.code}`);
      return virtualPay(req);
    },
    login: (req) => {
      log.push(`login ${req.platform ?? ''}`);
      return ok(login());
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

async function openPurchase(query: Record<string, string> = { courseId: 'course-time' }): Promise<Rendered> {
  const page = loadPage('pages/purchase/index', query);
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
    expect(log).toEqual(['quoteOrder course course-time best', 'createOrder course course-time null', 'unifiedPay order-1', 'getOrder order-1', 'getOrder order-1']);
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
      'quoteOrder course course-time best',
      'createOrder course course-time null',
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
      'quoteOrder course course-time best',
      `requestSubscribeMessage ${PURCHASE_TEMPLATE}`,
      'createOrder course course-time null',
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
    expect(log).toEqual(['quoteOrder course course-time best', 'createOrder course course-time null', 'unifiedPay order-1']);
    // paying again reuses the order
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log.slice(3, 5)).toEqual(['createOrder course course-time null', 'unifiedPay order-1']);
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
    purchaseCloud({ createOrder: () => fail('NOT_ON_SALE', '课程暂未开售') });
    const pay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    expect(text(page, '.message')).toBe('课程暂未开售');
    expect(pay).not.toHaveBeenCalled();
  });

  it('on ALREADY_OWNED says so and offers the course', async () => {
    const nav = spyNavigation();
    purchaseCloud({ createOrder: () => fail('ALREADY_OWNED', '你已购买该课程') });
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
    purchaseCloud({ quote: () => ok(quoteAnswer({ owned: true })) });
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
    expect(find(page, '.list')).toBeFalsy();
    expect(find(page, '.coupon-line')).toBeFalsy();
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    purchaseCloud({ quote: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok(quoteAnswer())) });
    const page = await openPurchase();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(text(page, '.pay')).toBe('确认支付');
  });

  it('prices on the server through quoteOrder, the best coupon chosen, and orders with it', async () => {
    const nav = spyNavigation();
    const { log } = purchaseCloud({ paidAfter: 1, quote: (req) => ok(couponQuote(req)) });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    expect(text(page, '.list >>> .price')).toBe('¥99.00');
    expect(text(page, '.coupon-name')).toBe('新人专享券（满50减20）');
    expect(text(page, '.coupon >>> .price')).toBe('-¥20.00');
    expect(text(page, '.amount >>> .price')).toBe('¥79.00');
    expect(find(page, '.member-line')).toBeFalsy();
    expect(find(page, '.credit-line')).toBeFalsy();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log.slice(0, 2)).toEqual(['quoteOrder course course-time best', 'createOrder course course-time cp-1']);
  });

  it('picks another coupon, or none, from the picker, and quotes again for each', async () => {
    const nav = spyNavigation();
    const { log } = purchaseCloud({ paidAfter: 1, quote: (req) => ok(couponQuote(req)) });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    expect(find(page, '.coupon-sheet')).toBeFalsy();
    await tap(page, '.coupon-line');
    expect(texts(page, '.coupon-option-title')).toEqual(['新人专享券', '九折券']);
    expect(texts(page, '.coupon-option-meta')).toEqual(['满50减20 · 全场通用', '9折 · 全场通用']);
    expect(texts(page, '.coupon-option-discount >>> .price')).toEqual(['-¥20.00', '-¥9.90']);
    expect(text(page, '.coupon-option-validity')).toBe('2025-03-08 至 2099-01-01');
    expect(text(page, '.coupon-option--selected .coupon-option-title')).toBe('新人专享券');

    page.querySelectorAll('.coupon-option')[1].dispatchEvent('tap');
    await settle();
    expect(find(page, '.coupon-sheet')).toBeFalsy();
    expect(text(page, '.coupon-name')).toBe('九折券（9折）');
    expect(text(page, '.amount >>> .price')).toBe('¥89.10');

    await tap(page, '.coupon-line');
    await tap(page, '.coupon-none');
    expect(find(page, '.coupon-name')).toBeFalsy();
    expect(text(page, '.coupon-hint')).toBe('2 张可用');
    expect(text(page, '.amount >>> .price')).toBe('¥99.00');

    // choosing the coupon already chosen asks nothing
    await tap(page, '.coupon-line');
    await tap(page, '.coupon-none');
    expect(log.filter((l) => l.startsWith('quoteOrder'))).toEqual(['quoteOrder course course-time best', 'quoteOrder course course-time cp-2', 'quoteOrder course course-time null']);

    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log).toContain('createOrder course course-time null');
  });

  it('says 暂无可用优惠券 and opens no picker without coupons', async () => {
    purchaseCloud();
    const page = await openPurchase();
    expect(text(page, '.coupon-hint')).toBe('暂无可用优惠券');
    await tap(page, '.coupon-line');
    expect(find(page, '.coupon-sheet')).toBeFalsy();
  });

  it('says why a coupon picked is refused, and falls back to the best one', async () => {
    const toast = spyToast();
    const { log } = purchaseCloud({ quote: (req) => (req.couponId === 'cp-2' ? fail('COUPON_EXPIRED', '优惠券已过期') : ok(couponQuote(req))) });
    const page = await openPurchase();
    await tap(page, '.coupon-line');
    page.querySelectorAll('.coupon-option')[1].dispatchEvent('tap');
    await settle();
    await settle();
    expect(toast).toHaveBeenCalledWith({ title: '这张优惠券已过期或未到可用时间', icon: 'none' });
    expect(log.filter((l) => l.startsWith('quoteOrder')).slice(1)).toEqual(['quoteOrder course course-time cp-2', 'quoteOrder course course-time best']);
    expect(text(page, '.coupon-name')).toBe('新人专享券（满50减20）');
  });

  it('on a coupon refused by createOrder says so, quotes again and pays with the coupon then shown', async () => {
    const nav = spyNavigation();
    let used = false;
    const { log } = purchaseCloud({
      paidAfter: 1,
      // cp-1 went to another order between the quote and the pay tap
      quote: (req) => {
        if (!used) return ok(couponQuote(req));
        const quote = couponQuote({ ...req, couponId: req.couponId === undefined ? 'cp-2' : req.couponId });
        return ok({ ...quote, coupons: quote.coupons.filter((c) => c.id !== 'cp-1') });
      },
      createOrder: (req) => {
        if ((req as { couponId: string | null }).couponId === 'cp-1') {
          used = true;
          return fail('COUPON_USED', '优惠券已被另一笔待支付订单占用');
        }
        return ok({});
      },
    });
    const pay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await settle();
    expect(text(page, '.message')).toBe('这张优惠券已使用，或被另一笔待支付订单占用，已为你重新计算价格');
    expect(pay).not.toHaveBeenCalled();
    expect(text(page, '.coupon-name')).toBe('九折券（9折）');
    expect(text(page, '.amount >>> .price')).toBe('¥89.10');
    expect(text(page, '.pay')).toBe('确认支付');
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log.filter((l) => /^(quoteOrder|createOrder)/.test(l))).toEqual([
      'quoteOrder course course-time best',
      'createOrder course course-time cp-1',
      'quoteOrder course course-time best',
      'createOrder course course-time cp-2',
    ]);
  });

  it('opens ?kind=course&id= as ?courseId= does', async () => {
    const { log } = purchaseCloud();
    const page = await openPurchase({ kind: 'course', id: 'course-time' });
    expect(text(page, '.pay')).toBe('确认支付');
    expect(log).toEqual(['quoteOrder course course-time best']);
  });

  it('buys a bundle: its credit for owned courses shown, then the bundle page', async () => {
    const nav = spyNavigation();
    const bundleQuote = quoteAnswer({
      item: { kind: 'bundle', id: 'bundle-growth', title: '职场成长专栏', subtitle: '共 2 门课程', coverUrl: 'https://env-test.tcb.qcloud.la/covers/bundle-1.png?sign=test' },
      price: priceBreakdown({ listFen: 14900, ownedCreditFen: 4950, totalFen: 9950 }),
    });
    const { log } = purchaseCloud({ paidAfter: 1, quote: () => ok(bundleQuote) });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase({ kind: 'bundle', id: 'bundle-growth' });
    expect(text(page, '.title')).toBe('职场成长专栏');
    expect(text(page, '.list >>> .price')).toBe('¥149.00');
    expect(text(page, '.credit >>> .price')).toBe('-¥49.50');
    expect(text(page, '.amount >>> .price')).toBe('¥99.50');
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(text(page, '.start')).toBe('查看专栏');
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/bundle/index?id=bundle-growth' });
    expect(log.slice(0, 2)).toEqual(['quoteOrder bundle bundle-growth best', 'createOrder bundle bundle-growth null']);
    // a bundle leads to its page: no course is looked up
    expect(log.some((l) => l.startsWith('getCourse'))).toBe(false);
  });

  it('says so when every course of a bundle is owned', async () => {
    const nav = spyNavigation();
    purchaseCloud({ quote: () => ok(quoteAnswer({ item: { kind: 'bundle', id: 'bundle-growth', title: '职场成长专栏', subtitle: '', coverUrl: '' }, owned: true })) });
    const page = await openPurchase({ kind: 'bundle', id: 'bundle-growth' });
    expect(text(page, '.owned')).toBe('专栏中的课程你都已拥有');
    expect(find(page, '.pay')).toBeFalsy();
    await tap(page, '.start', '.t-button');
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/bundle/index?id=bundle-growth' });
  });

  it('buys a membership plan: the membership now and once paid, then the membership page', async () => {
    const nav = spyNavigation();
    const planQuote = quoteAnswer({
      item: { kind: 'membership', id: 'plan-year', title: '年度会员', subtitle: '365 天', coverUrl: '' },
      price: priceBreakdown({ listFen: 19900 }),
      membership: { active: true, until: Date.UTC(2025, 5, 30, 15), untilAfter: Date.UTC(2026, 5, 30, 15) },
    });
    const { log } = purchaseCloud({ paidAfter: 1, quote: () => ok(planQuote) });
    payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase({ kind: 'membership', id: 'plan-year' });
    expect(text(page, '.membership-now')).toBe('当前会员：有效期至 2025-06-30');
    expect(text(page, '.membership-after')).toBe('支付后有效期至 2026-06-30');
    expect(text(page, '.amount >>> .price')).toBe('¥199.00');
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/membership/index' });
    expect(log[1]).toBe('createOrder membership plan-year null');
  });

  it('shows the member price the server applied', async () => {
    purchaseCloud({ quote: () => ok(quoteAnswer({ price: priceBreakdown({ listFen: 9900, memberFen: 4900, totalFen: 4900 }) })) });
    const page = await openPurchase();
    expect(text(page, '.list >>> .price')).toBe('¥99.00');
    expect(text(page, '.member >>> .price')).toBe('¥49.00');
    expect(text(page, '.amount >>> .price')).toBe('¥49.00');
  });

  it('says so without an item, and calls nothing', async () => {
    const { calls } = purchaseCloud();
    const page = await openPurchase({ kind: 'video', id: 'x' });
    expect(text(page, '.state >>> .error-message')).toBe('没有找到要购买的商品');
    expect(calls).not.toHaveBeenCalled();
  });
});

/** The quote when virtual payment pays here: no coupons (the server answers none under xpay). */
const xpayQuote = () => ok(quoteAnswer({ payWith: 'xpay' }));
/** What a cloud call was given, by function. */
const requestsTo = (calls: ReturnType<typeof stubCloud>, name: string) =>
  calls.mock.calls.map((c) => c[0] as { name: string; data: Record<string, unknown> }).filter((c) => c.name === name).map((c) => c.data);

describe('purchase page, 小程序虚拟支付 (xpay)', () => {
  it('pays through the virtual payment sheet with a fresh login code, then waits for getOrder to say paid', async () => {
    const nav = spyNavigation();
    const toast = spyToast();
    const { log, calls } = purchaseCloud({ paidAfter: 2, quote: xpayQuote });
    const login = stubLogin('code-1');
    const sheet = stubVirtualPayment(() => 0);
    const wechatPay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    expect(text(page, '.amount >>> .price')).toBe('¥99.00');
    expect(find(page, '.coupon-line')).toBeFalsy();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log).toEqual(['quoteOrder course course-time best', 'createOrder course course-time null', 'virtualPay order-1 code-1', 'getOrder order-1', 'getOrder order-1']);
    const signed = virtualPayAnswer();
    expect(sheet).toHaveBeenCalledTimes(1);
    expect(sheet).toHaveBeenCalledWith(expect.objectContaining({ mode: 'short_series_goods', signData: signed.signData, paySig: signed.paySig, signature: signed.signature }));
    expect(login).toHaveBeenCalledTimes(1);
    expect(wechatPay).not.toHaveBeenCalled();
    // the platform picks the provider, on the quote and on the order
    expect(requestsTo(calls, 'quoteOrder')[0]).toMatchObject({ platform: 'android' });
    expect(requestsTo(calls, 'createOrder')[0]).toMatchObject({ platform: 'android', couponId: null });
    expect(text(page, '.success')).toBe('支付成功');
    expect(toast).toHaveBeenCalledWith({ title: '支付成功', icon: 'success' });
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
  });

  it('trusts only getOrder after the sheet says paid', async () => {
    const nav = spyNavigation();
    purchaseCloud({ paidAfter: null, quote: xpayQuote });
    stubLogin('code-1');
    stubVirtualPayment(() => 0);
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(find(page, '.pending')).toBeTruthy());
    expect(find(page, '.success')).toBeFalsy();
    expect(nav.redirectTo).not.toHaveBeenCalled();
  });

  it.each([
    [-4, '支付受限（风控），请稍后再试'],
    [-15005, '支付签名校验失败，请联系客服'],
    [-15006, '支付签名校验失败，请联系客服'],
    [-1, '支付未完成，请稍后重试'],
    [-15001, '支付未完成，请稍后重试'],
  ])('on errCode %i says %s, polls nothing and offers 重新支付', async (errCode, message) => {
    const { log } = purchaseCloud({ quote: xpayQuote });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    stubLogin('code-1');
    stubVirtualPayment(() => errCode);
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await settle(20);
    expect(text(page, '.message')).toBe(message);
    expect(text(page, '.pay')).toBe('重新支付');
    expect(log.some((l) => l.startsWith('getOrder'))).toBe(false);
  });

  it('on cancel keeps the order and offers 继续支付, which pays the same order with a new code', async () => {
    const nav = spyNavigation();
    const { log, calls } = purchaseCloud({ paidAfter: 1, quote: xpayQuote });
    const login = stubLogin('code-1', 'code-2');
    let sheets = 0;
    const sheet = stubVirtualPayment(() => (++sheets === 1 ? -2 : 0));
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    await settle(20);
    expect(text(page, '.message')).toBe('你已取消支付，订单已为你保留，可随时继续支付');
    expect(text(page, '.pay')).toBe('继续支付');
    expect(log).toEqual(['quoteOrder course course-time best', 'createOrder course course-time null', 'virtualPay order-1 code-1']);
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log.slice(3)).toEqual(['createOrder course course-time null', 'virtualPay order-1 code-2', 'getOrder order-1']);
    // createOrder answered the unpaid order again: the same order, signed anew with the new session
    const created = calls.mock.results.filter((_r, i) => (calls.mock.calls[i][0] as { name: string }).name === 'createOrder');
    const answers = await Promise.all(created.map((r) => r.value as Promise<{ result: { data: ResponseOf<'createOrder'> } }>));
    expect(answers.map((a) => [a.result.data.order.id, a.result.data.reused])).toEqual([
      ['order-1', false],
      ['order-1', true],
    ]);
    expect(login).toHaveBeenCalledTimes(2);
    expect(sheet).toHaveBeenCalledTimes(2);
  });

  it('shows the server message when virtualPay refuses, and opens no sheet', async () => {
    purchaseCloud({ quote: xpayQuote, virtualPay: () => fail('ORDER_NOT_PAYABLE', '订单已失效，请重新下单') });
    stubLogin('code-1');
    const sheet = stubVirtualPayment(() => 0);
    const page = await openPurchase();
    await tap(page, '.pay', '.t-button');
    expect(text(page, '.message')).toBe('订单已失效，请重新下单');
    expect(text(page, '.pay')).toBe('确认支付');
    expect(sheet).not.toHaveBeenCalled();
  });

  it('on iOS with cloudpay shows no price and no buying, whatever the app learned before', async () => {
    setPlatform('ios');
    const { calls } = purchaseCloud({ login: () => loginAnswer({ payment: { provider: 'xpay' } }) });
    // the app learned xpay at login (the me page); the settings changed since, and the quote says cloudpay
    loadPage('pages/me/index');
    await settle();
    expect(requestsTo(calls, 'login')).toEqual([{ platform: 'ios' }]);
    const page = await openPurchase();
    expect(text(page, '.purchase-notice')).toBe('由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程');
    expect(find(page, '.pay')).toBeFalsy();
    expect(find(page, '.amount')).toBeFalsy();
    expect(requestsTo(calls, 'quoteOrder')[0]).toMatchObject({ platform: 'ios' });
  });

  it('on iOS with xpay shows the price and buys through the virtual payment sheet', async () => {
    setPlatform('ios');
    const nav = spyNavigation();
    const { log, calls } = purchaseCloud({ paidAfter: 1, quote: xpayQuote });
    stubLogin('code-ios');
    const sheet = stubVirtualPayment(() => 0);
    const wechatPay = payWith(() => Promise.resolve({ errMsg: 'requestPayment:ok' }));
    const page = await openPurchase();
    expect(find(page, '.purchase-notice')).toBeFalsy();
    expect(text(page, '.amount >>> .price')).toBe('¥99.00');
    expect(text(page, '.pay')).toBe('确认支付');
    await tap(page, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
    expect(log).toEqual(['quoteOrder course course-time best', 'createOrder course course-time null', 'virtualPay order-1 code-ios', 'getOrder order-1']);
    expect(requestsTo(calls, 'createOrder')[0]).toMatchObject({ platform: 'ios' });
    expect(sheet).toHaveBeenCalledTimes(1);
    expect(wechatPay).not.toHaveBeenCalled();
  });
});
