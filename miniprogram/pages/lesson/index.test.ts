import { describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import type { LessonContent } from '../../../typings/entities';
import { articleLesson, audioLesson, ebookFile, ebookLesson, outline, videoLesson } from '../../../test/miniprogram/fixtures';
import {
  fail,
  find,
  findAll,
  hide,
  lifecycle,
  loadPage,
  ok,
  settle,
  spyNavigation,
  spyToast,
  stubCloud,
  tap,
  text,
  texts,
  unload,
} from '../../../test/miniprogram/harness';

type Save = RequestOf<'saveProgress'>;

/** Taps the `index`-th match (the harness has no attribute selectors). */
async function tapNth(page: ReturnType<typeof loadPage>, selector: string, index: number): Promise<void> {
  findAll(page, selector)[index]!.dispatchEvent('tap');
  await settle();
}

/** getLesson answers `lesson`; saveProgress records what is saved. */
function lessonCloud(lesson: LessonContent) {
  const saves: Save[] = [];
  const calls = stubCloud({
    getLesson: () => ok({ lesson }),
    saveProgress: (req) => {
      saves.push(req);
      return ok({ progress: { lessonId: req.lessonId, positionSec: req.positionSec, completed: req.completed ?? false, updatedAt: 0 } });
    },
  });
  return { saves, calls };
}

/** A clock the page's throttle reads. */
function clock() {
  let now = 1_000_000;
  vi.spyOn(Date, 'now').mockImplementation(() => now);
  return { advance: (ms: number) => (now += ms) };
}

/** wx's background audio manager, with its callbacks kept so a test can fire them. */
function fakeAudio() {
  const on: Record<string, () => void> = {};
  const listen = (name: string) => (fn: () => void) => {
    on[name] = fn;
  };
  const bgm = {
    src: '',
    title: '',
    epname: '',
    singer: '',
    coverImgUrl: '',
    startTime: 0,
    playbackRate: 1,
    currentTime: 0,
    play: vi.fn(() => on.play?.()),
    pause: vi.fn(() => on.pause?.()),
    seek: vi.fn((sec: number) => {
      bgm.currentTime = sec;
    }),
    onPlay: listen('play'),
    onPause: listen('pause'),
    onStop: listen('stop'),
    onTimeUpdate: listen('timeupdate'),
    onEnded: listen('ended'),
  };
  vi.spyOn(wx, 'getBackgroundAudioManager').mockReturnValue(bgm as never);
  return { bgm, fire: (name: string) => on[name]() };
}

function serveEbook(file: unknown = ebookFile, statusCode = 200) {
  return vi.spyOn(wx, 'request').mockImplementation(((opts: WechatMiniprogram.RequestOption) => {
    setTimeout(() => opts.success?.({ statusCode, data: file as never, header: {}, cookies: [], errMsg: 'request:ok' } as never), 0);
    return {} as WechatMiniprogram.RequestTask;
  }) as never);
}

describe('lesson page', () => {
  it('plays a video from where the learner left, saving at most every 15 s', async () => {
    const time = clock();
    const { saves, calls } = lessonCloud(videoLesson({ positionSec: 120 }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-1', courseId: 'course-time' });
    await settle();
    expect(calls.mock.calls[0][0]).toMatchObject({ name: 'getLesson', data: { lessonId: 'lesson-1' } });
    expect(text(page, '.title')).toBe('开篇：你的时间去哪了');
    const video = find(page, '.video')!;
    expect(video.dom!.getAttribute('src') ?? page.instance.data.mediaUrl).toContain('video-1.mp4');
    expect(page.instance.data.startSec).toBe(120);
    for (let t = 121; t <= 150; t += 1) {
      time.advance(1000);
      // delivered on a microtask, so each is let through before the clock moves on
      video.dispatchEvent('timeupdate', { detail: { currentTime: t, duration: 245 } });
      await Promise.resolve();
    }
    await settle();
    expect(saves).toEqual([
      { lessonId: 'lesson-1', positionSec: 135, completed: false },
      { lessonId: 'lesson-1', positionSec: 150, completed: false },
    ]);
    video.dispatchEvent('timeupdate', { detail: { currentTime: 152, duration: 245 } });
    await settle();
    await hide(page);
    expect(saves.at(-1)).toEqual({ lessonId: 'lesson-1', positionSec: 152, completed: false });
    video.dispatchEvent('ended', { detail: {} });
    await settle();
    expect(saves.at(-1)).toEqual({ lessonId: 'lesson-1', positionSec: 245, completed: true });
    expect(text(page, '.completed')).toBe('已学完');
  });

  it('saves when the page closes', async () => {
    clock();
    const { saves } = lessonCloud(videoLesson());
    const page = loadPage('pages/lesson/index', { id: 'lesson-1', courseId: 'course-time' });
    await settle();
    find(page, '.video')!.dispatchEvent('timeupdate', { detail: { currentTime: 33, duration: 245 } });
    await settle();
    expect(saves).toEqual([]);
    await unload(page);
    expect(saves).toEqual([{ lessonId: 'lesson-1', positionSec: 33, completed: false }]);
  });

  it('plays audio in the background player from the saved position', async () => {
    const time = clock();
    const { bgm, fire } = fakeAudio();
    const { saves } = lessonCloud(audioLesson({ positionSec: 90 }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-3', courseId: 'course-time' });
    await settle();
    expect(bgm.title).toBe('番茄工作法');
    expect(bgm.startTime).toBe(90);
    expect(bgm.src).toContain('audio-1.mp3');
    fire('play');
    await settle();
    expect(text(page, '.audio-elapsed')).toBe('01:30');
    expect(text(page, '.audio-total')).toBe('10:20');
    expect(text(page, '.resume-hint')).toBe('从 01:30 继续');
    time.advance(16_000);
    bgm.currentTime = 106.4;
    fire('timeupdate');
    await settle();
    expect(text(page, '.audio-elapsed')).toBe('01:46');
    expect(saves).toEqual([{ lessonId: 'lesson-3', positionSec: 106, completed: false }]);
    await tap(page, '.audio-toggle');
    expect(bgm.pause).toHaveBeenCalled();
    await tap(page, '.audio-toggle');
    expect(bgm.play).toHaveBeenCalled();
    // leaving the page does not stop the audio, and its end is still saved
    await unload(page);
    fire('ended');
    await settle();
    expect(saves.at(-1)).toEqual({ lessonId: 'lesson-3', positionSec: 620, completed: true });
  });

  it('shows an article and marks it learned at its end', async () => {
    const { saves } = lessonCloud(articleLesson());
    const page = loadPage('pages/lesson/index', { id: 'lesson-2', courseId: 'course-time' });
    await settle();
    expect(find(page, '.article-body')).toBeTruthy();
    // styled inline for <rich-text>, the text as written
    expect(page.instance.data.body).toMatch(/^<h2 style="[^"]+">时间日志<\/h2><p style="[^"]+">连续记录三天，每 30 分钟写下你在做什么。<\/p>$/);
    await lifecycle(page, 'onReachBottom');
    expect(saves).toEqual([{ lessonId: 'lesson-2', positionSec: 0, completed: true }]);
    await lifecycle(page, 'onReachBottom');
    expect(saves).toHaveLength(1);
  });

  it('pages through an e-book from the saved page, completing on the last', async () => {
    const request = serveEbook();
    const { saves } = lessonCloud(ebookLesson({ positionSec: 1 }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-4', courseId: 'course-time' });
    await settle(10);
    expect(request.mock.calls[0][0]).toMatchObject({ url: ebookLesson().mediaUrl });
    expect(text(page, '.ebook-page-title')).toBe('第一节 记录');
    expect(text(page, '.page-number')).toBe('2 / 3');
    await tap(page, '.prev-page', '.t-button');
    expect(text(page, '.ebook-page-title')).toBe('前言');
    await tap(page, '.next-page', '.t-button');
    await tap(page, '.next-page', '.t-button');
    expect(text(page, '.ebook-page-title')).toBe('结语');
    expect(text(page, '.page-number')).toBe('3 / 3');
    expect(saves).toEqual([{ lessonId: 'lesson-4', positionSec: 2, completed: true, readShare: 1 }]);
    // the last lesson of the course: back to the course instead of 下一讲
    expect(find(page, '.next-lesson')).toBeFalsy();
    expect(find(page, '.back-to-course')).toBeTruthy();
  });

  it('says so when the e-book cannot be fetched, and retries', async () => {
    let fetches = 0;
    vi.spyOn(wx, 'request').mockImplementation(((opts: WechatMiniprogram.RequestOption) => {
      fetches += 1;
      setTimeout(() => opts.success?.({ statusCode: fetches === 1 ? 403 : 200, data: ebookFile as never, header: {}, cookies: [], errMsg: 'request:ok' } as never), 0);
      return {} as WechatMiniprogram.RequestTask;
    }) as never);
    lessonCloud(ebookLesson());
    const page = loadPage('pages/lesson/index', { id: 'lesson-4', courseId: 'course-time' });
    await settle(10);
    expect(text(page, '.state >>> .error-message')).toBe('内容加载失败，请稍后重试');
    await tap(page, '.state >>> .retry', '.t-button');
    await settle(10);
    expect(text(page, '.ebook-page-title')).toBe('前言');
  });

  it('goes on to the next lesson, saving first', async () => {
    clock();
    const nav = spyNavigation();
    const { saves } = lessonCloud(videoLesson());
    const page = loadPage('pages/lesson/index', { id: 'lesson-1', courseId: 'course-time' });
    await settle();
    find(page, '.video')!.dispatchEvent('timeupdate', { detail: { currentTime: 12, duration: 245 } });
    await settle();
    await tap(page, '.next-lesson', '.t-button');
    expect(saves).toEqual([{ lessonId: 'lesson-1', positionSec: 12, completed: false }]);
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/lesson/index?id=lesson-2&courseId=course-time' });
  });

  it('sends a learner who has not bought the course to the course page', async () => {
    const nav = spyNavigation();
    vi.spyOn(wx, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' } as never);
    stubCloud({ getLesson: () => fail('NOT_PURCHASED', '购买后即可学习') });
    loadPage('pages/lesson/index', { id: 'lesson-3', courseId: 'course-time' });
    await settle();
    expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/pages/course/index?id=course-time' });
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ getLesson: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok({ lesson: articleLesson() })) });
    const page = loadPage('pages/lesson/index', { id: 'lesson-2', courseId: 'course-time' });
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(text(page, '.title')).toBe('时间日志怎么记');
  });

  it('lists the chapters and lessons, marking the current, the learned and the locked, with 上一讲 / 下一讲', async () => {
    const nav = spyNavigation();
    const toast = spyToast();
    // a visitor on a free preview: the paid lessons are locked
    lessonCloud(articleLesson({ owned: false, chapters: outline(false, ['lesson-1']) }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-2', courseId: 'course-time' });
    await settle();
    expect(texts(page, '.outline-chapter-title')).toEqual(['第一章 认识时间', '第二章 精力管理']);
    expect(texts(page, '.outline-lesson-title')).toEqual(['开篇：你的时间去哪了', '时间日志怎么记', '番茄工作法', '每周复盘模板']);
    expect(texts(page, '.outline-lesson--current .outline-lesson-title')).toEqual(['时间日志怎么记']);
    expect(texts(page, '.outline-lesson--locked .outline-lesson-title')).toEqual(['番茄工作法', '每周复盘模板']);
    expect(texts(page, '.outline-state')).toEqual(['试看', '试读', '购买后学习', '购买后学习']);
    expect(page.instance.data.outline[0].lessons[0].completed).toBe(true);
    expect(text(page, '.next-lesson')).toBe('下一讲 · 购买后学习');

    await tap(page, '.prev-lesson', '.t-button');
    expect(nav.redirectTo).toHaveBeenLastCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
    // a locked lesson sends the learner to the course to buy it
    await tap(page, '.next-lesson', '.t-button');
    expect(toast).toHaveBeenLastCalledWith({ title: '购买后学习', icon: 'none' });
    expect(nav.redirectTo).toHaveBeenLastCalledWith({ url: '/pages/course/index?id=course-time' });
    nav.redirectTo.mockClear();
    // the current lesson in the list goes nowhere
    await tap(page, '.outline-lesson--current');
    expect(nav.redirectTo).not.toHaveBeenCalled();
  });

  it('plays audio with its cover, a seek bar, ±15 s and a speed that is kept for the next lesson', async () => {
    clock();
    const { bgm, fire } = fakeAudio();
    const { saves } = lessonCloud(audioLesson({ positionSec: 0 }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-3', courseId: 'course-time' });
    await settle();
    // WeChat's own player shows these while the page is closed
    expect(bgm).toMatchObject({ title: '番茄工作法', epname: '高效时间管理 21 讲', singer: '林晓', coverImgUrl: expect.stringContaining('cover-1.png') });
    expect(find(page, '.audio-cover')!.dom!.getAttribute('src') ?? page.instance.data.coverUrl).toContain('cover-1.png');
    expect(find(page, '.resume-hint')).toBeFalsy();
    bgm.currentTime = 100;
    await tap(page, '.forward-15');
    expect(bgm.seek).toHaveBeenLastCalledWith(115);
    expect(text(page, '.audio-elapsed')).toBe('01:55');
    await tap(page, '.back-15');
    await tap(page, '.back-15');
    expect(bgm.seek).toHaveBeenLastCalledWith(85);
    // never before the start nor past the end
    bgm.currentTime = 5;
    await tap(page, '.back-15');
    expect(bgm.seek).toHaveBeenLastCalledWith(0);
    bgm.currentTime = 615;
    await tap(page, '.forward-15');
    expect(bgm.seek).toHaveBeenLastCalledWith(620);

    // dragging the bar moves the time shown; letting go seeks
    const seek = find(page, '.seek')!;
    seek.dispatchEvent('changing', { detail: { value: 300 } });
    await settle();
    expect(text(page, '.audio-elapsed')).toBe('05:00');
    bgm.currentTime = 42;
    fire('timeupdate');
    await settle();
    expect(text(page, '.audio-elapsed')).toBe('05:00');
    seek.dispatchEvent('change', { detail: { value: 312 } });
    await settle();
    expect(bgm.seek).toHaveBeenLastCalledWith(312);
    expect(text(page, '.audio-elapsed')).toBe('05:12');

    expect(texts(page, '.rate')).toEqual(['0.75×', '1×', '1.25×', '1.5×', '2×']);
    expect(texts(page, '.rate--active')).toEqual(['1×']);
    await tapNth(page, '.rate', 3);
    expect(bgm.playbackRate).toBe(1.5);
    expect(texts(page, '.rate--active')).toEqual(['1.5×']);
    await unload(page);
    expect(saves.at(-1)).toMatchObject({ lessonId: 'lesson-3', positionSec: 312 });

    const next = loadPage('pages/lesson/index', { id: 'lesson-3', courseId: 'course-time' });
    await settle();
    expect(texts(next, '.rate--active')).toEqual(['1.5×']);
    expect(bgm.playbackRate).toBe(1.5);
  });

  it('plays a video at the chosen speed, from where the learner left: 从 02:00 继续', async () => {
    const rates: number[] = [];
    vi.spyOn(wx, 'createVideoContext').mockReturnValue({ playbackRate: (r: number) => rates.push(r) } as never);
    lessonCloud(videoLesson({ positionSec: 120 }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-1', courseId: 'course-time' });
    await settle();
    expect(text(page, '.resume-hint')).toBe('从 02:00 继续');
    await tapNth(page, '.rate', 4);
    expect(rates).toEqual([2]);
    // a <video> starts at 1×: the chosen speed is set again when it plays
    find(page, '.video')!.dispatchEvent('play', { detail: {} });
    await settle();
    expect(rates).toEqual([2, 2]);
  });

  it('marks the lesson learned when the server counts it so (at 90 %), without waiting for its end', async () => {
    const time = clock();
    stubCloud({
      getLesson: () => ok({ lesson: videoLesson() }),
      saveProgress: (req) => ok({ progress: { lessonId: req.lessonId, positionSec: req.positionSec, completed: req.positionSec >= 0.9 * 245, updatedAt: 0 } }),
    });
    const page = loadPage('pages/lesson/index', { id: 'lesson-1', courseId: 'course-time' });
    await settle();
    time.advance(20_000);
    find(page, '.video')!.dispatchEvent('timeupdate', { detail: { currentTime: 100, duration: 245 } });
    await settle();
    expect(find(page, '.completed')).toBeFalsy();
    time.advance(20_000);
    find(page, '.video')!.dispatchEvent('timeupdate', { detail: { currentTime: 225, duration: 245 } });
    await settle();
    expect(text(page, '.completed')).toBe('已学完');
    expect(page.instance.data.outline[0].lessons[0]).toMatchObject({ id: 'lesson-1', current: true, completed: true });
  });

  it('opens an e-book at its table of contents entry, and reports how much was read', async () => {
    clock();
    serveEbook();
    const { saves } = lessonCloud(ebookLesson({ positionSec: 0 }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-4', courseId: 'course-time' });
    await settle(10);
    expect(find(page, '.toc')).toBeFalsy();
    await tap(page, '.toc-toggle', '.t-button');
    expect(texts(page, '.toc-item')).toEqual(['1. 前言', '2. 第一节 记录', '3. 结语']);
    expect(texts(page, '.toc-item--current')).toEqual(['1. 前言']);
    await tapNth(page, '.toc-item', 1);
    expect(find(page, '.toc')).toBeFalsy();
    expect(text(page, '.ebook-page-title')).toBe('第一节 记录');
    await hide(page);
    expect(saves).toEqual([{ lessonId: 'lesson-4', positionSec: 1, completed: false, readShare: 0.667 }]);
  });

  it('renders an article readably and opens it where the learner stopped reading', async () => {
    const scroll = vi.spyOn(wx, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' } as never);
    lessonCloud(articleLesson({ positionSec: 640, body: '<h2>时间日志</h2><pre><code>08:00 通勤</code></pre>' }));
    const page = loadPage('pages/lesson/index', { id: 'lesson-2', courseId: 'course-time' });
    await settle();
    expect(page.instance.data.body).toMatch(/^<h2 style="font-size:19px;[^"]*">时间日志<\/h2><pre style="[^"]*white-space:pre;/);
    expect(scroll).toHaveBeenCalledWith({ scrollTop: 640, duration: 0 });
    expect(text(page, '.resume-hint')).toBe('从上次读到的地方继续');
  });
});
