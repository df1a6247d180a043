/**
 * The course and purchase pages against the real cloud functions on the
 * emulator: the learner buys a course for real, end to end, through WeChat
 * Pay's sheet as the emulator plays it.
 */
import { describe, expect, it } from 'vitest';
import { loadPage, pageInstance, show, spyNavigation, spyToast, tap, text, urls, waitFor, type Rendered } from '../../../test/miniprogram/harness';
import { DEMO_NOTIFICATION_SETTINGS } from '../../../database-schema/seed/seed';
import { route, useRealCloud, type RealCloud } from '../../../test/miniprogram/real-cloud';

type PurchasePage = { configurePolling(p: { attempts?: number; intervalMs?: number }): void };

/** a function's first call starts its instance: give the real cloud time on a busy machine */
const SLOW = 20_000;

async function openCourse(courseId: string): Promise<Rendered> {
  const page = loadPage('pages/course/index', { id: courseId });
  await waitFor(() => expect(text(page, '.action')).toBe('购买'), SLOW);
  return page;
}

/**
 * The learner's subscribe messages once `count` were sent: payCallback sends
 * after the sheet closed, maybe after getOrder said paid. A moment more, so a
 * second message would show too.
 */
async function messagesSent(cloud: RealCloud, count: number) {
  const deadline = Date.now() + SLOW;
  while ((await cloud.messages()).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return cloud.messages();
}

/** Follows the page's last navigation, as WeChat would open the page it names. */
function follow(spy: { mock: { calls: unknown[][] } }): Rendered {
  const { pagePath, query } = route(urls(spy).at(-1) ?? '');
  const page = loadPage(pagePath, query);
  if (pagePath === 'pages/purchase/index') pageInstance<PurchasePage>(page).configurePolling({ attempts: 200, intervalMs: 50 });
  return page;
}

describe('purchase page on the real cloud', () => {
  it('buys a course end to end: course → purchase → WeChat Pay → paid → the first lesson', async () => {
    const cloud = useRealCloud('o_page_buyer');
    const nav = spyNavigation();
    const toast = spyToast();

    const course = await openCourse('course-time');
    expect(text(course, '.price >>> .price')).toBe('¥99.00');
    await tap(course, '.action', '.t-button');
    expect(urls(nav.navigateTo)).toEqual(['/pages/purchase/index?courseId=course-time']);

    const purchase = follow(nav.navigateTo);
    await waitFor(() => expect(text(purchase, '.pay')).toBe('确认支付'), SLOW);
    expect(text(purchase, '.title')).toBe('高效时间管理 21 讲');
    expect(text(purchase, '.amount >>> .price')).toBe('¥99.00');

    await tap(purchase, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled(), SLOW);
    expect(text(purchase, '.success')).toBe('支付成功');
    expect(toast).toHaveBeenCalledWith({ title: '支付成功', icon: 'success' });
    expect(urls(nav.redirectTo)).toEqual(['/pages/lesson/index?id=course-time-l1&courseId=course-time']);

    // what went over the wire: the course, the quote, the order, its payment, one sheet paid, getOrder
    // until paid, then the course's outline for its first lesson
    const names = cloud.calls.map((c) => c.name);
    expect(names.slice(0, 4)).toEqual(['getCourse', 'quoteOrder', 'createOrder', 'unifiedPay']);
    expect(names.at(-1)).toBe('getCourse');
    expect(names.slice(4, -1).length).toBeGreaterThanOrEqual(1);
    expect(new Set(names.slice(4, -1))).toEqual(new Set(['getOrder']));
    expect(cloud.sheets).toMatchObject([{ action: 'pay' }]);
    // the learner was asked for the 购买成功 message before paying, and got it once
    expect(cloud.subscriptions).toEqual([[DEMO_NOTIFICATION_SETTINGS.purchaseSucceededTemplateId]]);
    const messages = await messagesSent(cloud, 1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      params: {
        template_id: DEMO_NOTIFICATION_SETTINGS.purchaseSucceededTemplateId,
        page: 'pages/course/index?id=course-time',
        data: { thing1: { value: '高效时间管理 21 讲' }, amount2: { value: '¥99.00' } },
      },
      answer: { errcode: 0 },
    });

    // the cloud's books: the order is paid and the course is the learner's
    const orders = await cloud.mine('orders');
    expect(orders).toMatchObject([{ courseId: 'course-time', status: 'paid', amountFen: 9900 }]);
    expect(await cloud.mine('entitlements')).toMatchObject([{ courseId: 'course-time', status: 'active', source: 'purchase' }]);

    // back on the course page, it has become the learner's
    await show(course);
    await waitFor(() => expect(text(course, '.action')).toBe('开始学习'), SLOW);
    expect(text(course, '.owned')).toBe('已购买');
  });

  it('a cancelled payment leaves the course unowned; 继续支付 pays the same order', async () => {
    const cloud = useRealCloud('o_page_canceller');
    const nav = spyNavigation();
    spyToast();
    cloud.sheet('cancel');

    const course = await openCourse('course-ts');
    await tap(course, '.action', '.t-button');
    const purchase = follow(nav.navigateTo);
    await waitFor(() => expect(text(purchase, '.pay')).toBe('确认支付'), SLOW);

    await tap(purchase, '.pay', '.t-button');
    await waitFor(() => expect(text(purchase, '.message')).toBe('你已取消支付，订单已为你保留，可随时继续支付'), SLOW);
    expect(text(purchase, '.pay')).toBe('继续支付');
    expect(cloud.calls.map((c) => c.name)).not.toContain('getOrder');
    expect(cloud.sheets).toMatchObject([{ action: 'cancel' }]);

    // nothing granted; the unpaid order is kept for the learner
    expect(await cloud.mine('entitlements')).toEqual([]);
    const { owned, unpaidOrder } = await cloud.call('getCourse', { courseId: 'course-ts' });
    expect(owned).toBe(false);
    expect(unpaidOrder).toMatchObject({ courseId: 'course-ts', status: 'unpaid' });
    expect(await cloud.mine('orders')).toMatchObject([{ status: 'unpaid' }]);

    // the course page, opened again, offers to resume it
    const reopened = loadPage('pages/course/index', { id: 'course-ts' });
    await waitFor(() => expect(text(reopened, '.action')).toBe('继续支付'), SLOW);

    // paying now reuses the order: one order, two sheets for the same trade
    await tap(purchase, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled(), SLOW);
    expect(cloud.sheets.map((s) => s.action)).toEqual(['cancel', 'pay']);
    expect(cloud.sheets[1].outTradeNo).toBe(cloud.sheets[0].outTradeNo);
    expect(await cloud.mine('orders')).toMatchObject([{ status: 'paid' }]);
    expect(await cloud.mine('entitlements')).toMatchObject([{ courseId: 'course-ts', status: 'active' }]);
    // asked before each sheet; one purchase, one message
    expect(cloud.subscriptions).toHaveLength(2);
    expect(await messagesSent(cloud, 1)).toHaveLength(1);
  });

  it('says 你已购买 for a course the learner owns, without ordering again', async () => {
    const cloud = useRealCloud('o_page_owner');
    const nav = spyNavigation();
    spyToast();
    const first = follow({ mock: { calls: [[{ url: '/pages/purchase/index?courseId=course-run' }]] } });
    await waitFor(() => expect(text(first, '.pay')).toBe('确认支付'), SLOW);
    await tap(first, '.pay', '.t-button');
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled(), SLOW);

    const again = loadPage('pages/purchase/index', { courseId: 'course-run' });
    await waitFor(() => expect(text(again, '.owned')).toBe('你已购买这门课程'), SLOW);
    expect(cloud.calls.filter((c) => c.name === 'createOrder')).toHaveLength(1);
    expect(await cloud.mine('orders')).toHaveLength(1);
  });
});
