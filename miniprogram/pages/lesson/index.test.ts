import { describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import type { LessonContent } from '../../../typings/entities';
import { articleLesson, audioLesson, ebookFile, ebookLesson, videoLesson } from '../../../test/miniprogram/fixtures';
import {
  fail,
  find,
  hide,
  lifecycle,
  loadPage,
  ok,
  settle,
  spyNavigation,
  stubCloud,
  tap,
  text,
  unload,
} from '../../../test/miniprogram/harness';

type Save = RequestOf<'saveProgress'>;

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
    startTime: 0,
    currentTime: 0,
    play: vi.fn(() => on.play?.()),
    pause: vi.fn(() => on.pause?.()),
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
    expect(text(page, '.audio-time')).toBe('00:00 / 10:20');
    time.advance(16_000);
    bgm.currentTime = 106.4;
    fire('timeupdate');
    await settle();
    expect(text(page, '.audio-time')).toBe('01:46 / 10:20');
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
    expect(page.instance.data.body).toBe('<h2>时间日志</h2><p>连续记录三天，每 30 分钟写下你在做什么。</p>');
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
    expect(saves).toEqual([{ lessonId: 'lesson-4', positionSec: 2, completed: true }]);
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
});
