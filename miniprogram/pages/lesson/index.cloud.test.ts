/**
 * The lesson page against the real cloud functions on the emulator: a paid
 * lesson is refused before the purchase and opens after it, its media served
 * by the emulator's storage, its progress saved by saveProgress.
 */
import { describe, expect, it } from 'vitest';
import type { PaymentParams } from '../../../typings/entities';
import { loadPage, spyNavigation, spyToast, tap, text, urls, waitFor } from '../../../test/miniprogram/harness';
import { useRealCloud, type RealCloud } from '../../../test/miniprogram/real-cloud';

const SLOW = 20_000;

/** The learner buys a course as the purchase page does, through the same pay sheet, and waits for the callback. */
async function buy(cloud: RealCloud, courseId: string): Promise<void> {
  const { order } = await cloud.call('createOrder', { courseId });
  const { payment } = await cloud.call('unifiedPay', { orderId: order.id });
  await wx.requestPayment(payment as PaymentParams & WechatMiniprogram.RequestPaymentOption);
  await until(async () => {
    const { order: now } = await cloud.call('getOrder', { orderId: order.id });
    if (now.status !== 'paid') throw new Error(`order ${now.status}`);
  });
}

/** waitFor with an async check */
async function until(check: () => Promise<unknown>, timeoutMs = SLOW): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('lesson page on the real cloud', () => {
  it('refuses a paid lesson before the purchase: 购买后学习, back to the course', async () => {
    const cloud = useRealCloud('o_lesson_window_shopper');
    const nav = spyNavigation();
    const toast = spyToast();
    const page = loadPage('pages/lesson/index', { id: 'course-time-l5', courseId: 'course-time' });
    await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled(), SLOW);
    expect(urls(nav.redirectTo)).toEqual(['/pages/course/index?id=course-time']);
    expect(toast).toHaveBeenCalledWith({ title: '购买后学习', icon: 'none' });
    expect(text(page, '.ebook-page-title')).toBeUndefined();
    expect(cloud.calls.map((c) => c.name)).toEqual(['getLesson']);
  });

  it('opens a free preview without a purchase', async () => {
    useRealCloud('o_lesson_previewer');
    const nav = spyNavigation();
    const page = loadPage('pages/lesson/index', { id: 'course-time-l2', courseId: 'course-time' });
    await waitFor(() => expect(text(page, '.title')).toBe('时间日志怎么记'), SLOW);
    expect(text(page, '.article-body')).toBeDefined();
    expect(nav.redirectTo).not.toHaveBeenCalled();
  });

  it('after the purchase opens the paid e-book, pages through it and saves its completion', async () => {
    const cloud = useRealCloud('o_lesson_reader');
    const nav = spyNavigation();
    spyToast();
    await buy(cloud, 'course-time');
    expect(cloud.sheets).toMatchObject([{ action: 'pay' }]);

    const page = loadPage('pages/lesson/index', { id: 'course-time-l5', courseId: 'course-time' });
    // getLesson's temporary URL is fetched from the emulator's storage with wx.request
    await waitFor(() => expect(text(page, '.ebook-page-title')).toBe('前言'), SLOW);
    expect(wx.request).toHaveBeenCalledTimes(1);
    expect(text(page, '.page-number')).toBe('1 / 4');
    expect(nav.redirectTo).not.toHaveBeenCalled();

    for (const title of ['第一节 记录', '第二节 调整', '结语']) {
      await tap(page, '.next-page', '.t-button');
      expect(text(page, '.ebook-page-title')).toBe(title);
    }
    expect(text(page, '.page-number')).toBe('4 / 4');
    await waitFor(() => expect(text(page, '.completed')).toBe('已学完'));
    await until(async () => expect(await cloud.mine('progress')).toMatchObject([{ lessonId: 'course-time-l5', completed: true, positionSec: 3 }]));
  });

  it('after the purchase plays a paid video from a URL the emulator serves', async () => {
    const cloud = useRealCloud('o_lesson_viewer');
    spyNavigation();
    spyToast();
    await buy(cloud, 'course-japanese');
    const page = loadPage('pages/lesson/index', { id: 'course-japanese-l2', courseId: 'course-japanese' });
    await waitFor(() => expect(text(page, '.title')).toBe('か行 发音'), SLOW);
    const video = page.querySelector('.video');
    expect(video).toBeTruthy();
    const { lesson } = await cloud.call('getLesson', { lessonId: 'course-japanese-l2' });
    expect(lesson.kind).toBe('video');
    const mediaUrl = (lesson as { mediaUrl: string }).mediaUrl;
    const res = await fetch(mediaUrl);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
