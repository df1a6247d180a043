import type { EbookFile, EbookPage, LessonContent, LessonKind } from '../../../typings/entities';
import type { ViewStatus } from '../../components/state-view/index';
import { CloudError, call, errorMessage } from '../../services/cloud';
import { ProgressSaver } from '../../services/progress';
import { formatDuration } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, lessonUrl } from '../../utils/lesson';

type MediaLesson = Extract<LessonContent, { mediaUrl: string }>;

const state = instanceState(() => ({
  lessonId: '',
  courseId: '',
  saver: null as ProgressSaver | null,
  /** the whole e-book; only the page on screen goes to data */
  ebookPages: [] as EbookPage[],
  unloaded: false,
  /** the audio position shown, in whole seconds, so timeupdate does not setData four times a second */
  shownAudioSec: -1,
  durationSec: 0,
}));

/** The e-book file behind a short-lived URL. */
function fetchEbook(url: string): Promise<EbookFile> {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      dataType: 'json',
      success: (res) => {
        const file = (typeof res.data === 'string' ? JSON.parse(res.data) : res.data) as EbookFile | undefined;
        if (res.statusCode === 200 && file && Array.isArray(file.pages)) resolve(file);
        else reject(new Error(`ebook: HTTP ${res.statusCode}`));
      },
      fail: reject,
    });
  });
}

Component({
  data: {
    status: 'loading' as ViewStatus,
    errorMessage: '',
    kind: '' as LessonKind | '',
    title: '',
    completed: false,
    nextLessonId: '',
    /** video and audio */
    mediaUrl: '',
    startSec: 0,
    /** article */
    body: '',
    /** e-book: the page on screen */
    ebookPage: null as EbookPage | null,
    pageIndex: 0,
    pageCount: 0,
    /** audio */
    playing: false,
    audioPosition: '00:00',
    audioDuration: '00:00',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const s = state(this);
      s.lessonId = query.id ?? '';
      s.courseId = query.courseId ?? '';
      this.load();
    },

    onHide() {
      state(this).saver?.flush();
    },

    onUnload() {
      const s = state(this);
      s.saver?.flush();
      // Audio keeps playing in the background (and keeps saving progress); only this page's view is gone.
      s.unloaded = true;
    },

    onRetry() {
      this.load();
    },

    async load() {
      const s = state(this);
      if (!s.lessonId) {
        this.setData({ status: 'error', errorMessage: '没有找到这一讲' });
        return;
      }
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { lesson } = await call('getLesson', { lessonId: s.lessonId });
        if (s.unloaded) return;
        s.courseId = lesson.courseId;
        s.durationSec = lesson.durationSec;
        s.saver = new ProgressSaver(lesson.id, { positionSec: lesson.positionSec, completed: lesson.completed });
        const common = { kind: lesson.kind, title: lesson.title, completed: lesson.completed, nextLessonId: lesson.nextLessonId ?? '' };
        wx.setNavigationBarTitle({ title: lesson.title }).catch(() => undefined);
        if (lesson.kind === 'article') {
          this.setData({ ...common, body: lesson.body, status: 'ready' });
        } else if (lesson.kind === 'ebook') {
          const { pages } = await fetchEbook(lesson.mediaUrl);
          if (s.unloaded) return;
          s.ebookPages = pages;
          const pageIndex = Math.min(Math.max(0, Math.floor(lesson.positionSec)), Math.max(0, pages.length - 1));
          this.setData({ ...common, ...this.ebookView(pageIndex), status: pages.length ? 'ready' : 'empty' });
        } else if (lesson.kind === 'audio') {
          this.setData({ ...common, status: 'ready', audioDuration: formatDuration(lesson.durationSec) });
          this.playAudio(lesson);
        } else {
          // a finished video starts over; an unfinished one resumes where the learner left
          this.setData({ ...common, mediaUrl: lesson.mediaUrl, startSec: lesson.completed ? 0 : lesson.positionSec, status: 'ready' });
        }
      } catch (error) {
        if (s.unloaded) return;
        if (error instanceof CloudError && error.code === 'NOT_PURCHASED' && s.courseId) {
          wx.showToast({ title: '购买后学习', icon: 'none' });
          wx.redirectTo({ url: courseUrl(s.courseId) });
          return;
        }
        this.setData({ status: 'error', errorMessage: error instanceof CloudError ? errorMessage(error) : '内容加载失败，请稍后重试' });
      }
    },

    // --- video

    onVideoTimeUpdate(e: WechatMiniprogram.CustomEvent<{ currentTime: number; duration: number }>) {
      state(this).saver?.report(e.detail.currentTime);
    },

    onVideoPause() {
      state(this).saver?.flush();
    },

    onVideoEnded() {
      this.finish(state(this).durationSec);
    },

    // --- audio

    playAudio(lesson: MediaLesson) {
      const s = state(this);
      const bgm = wx.getBackgroundAudioManager();
      bgm.onPlay(() => !s.unloaded && this.setData({ playing: true }));
      bgm.onPause(() => {
        s.saver?.flush();
        if (!s.unloaded) this.setData({ playing: false });
      });
      bgm.onStop(() => {
        s.saver?.flush();
        if (!s.unloaded) this.setData({ playing: false });
      });
      bgm.onTimeUpdate(() => {
        const sec = Math.floor(bgm.currentTime);
        s.saver?.report(sec);
        if (!s.unloaded && sec !== s.shownAudioSec) {
          s.shownAudioSec = sec;
          this.setData({ audioPosition: formatDuration(sec) });
        }
      });
      bgm.onEnded(() => {
        s.saver?.complete(lesson.durationSec);
        if (!s.unloaded) this.setData({ playing: false, completed: true });
      });
      // title is required before src; setting src starts playback
      bgm.title = lesson.title;
      bgm.epname = '知识小铺';
      bgm.startTime = lesson.completed ? 0 : lesson.positionSec;
      bgm.src = lesson.mediaUrl;
    },

    onAudioToggle() {
      const bgm = wx.getBackgroundAudioManager();
      if (this.data.playing) bgm.pause();
      else bgm.play();
    },

    // --- article

    onReachBottom() {
      if (this.data.kind === 'article' && !this.data.completed) this.finish(0);
    },

    // --- e-book

    ebookView(pageIndex: number) {
      const pages = state(this).ebookPages;
      return { ebookPage: pages[pageIndex] ?? null, pageIndex, pageCount: pages.length };
    },

    onPrevPage() {
      if (this.data.pageIndex > 0) this.turnTo(this.data.pageIndex - 1);
    },

    onNextPage() {
      if (this.data.pageIndex < this.data.pageCount - 1) this.turnTo(this.data.pageIndex + 1);
    },

    turnTo(pageIndex: number) {
      this.setData(this.ebookView(pageIndex));
      wx.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
      if (pageIndex === this.data.pageCount - 1) this.finish(pageIndex);
      else state(this).saver?.report(pageIndex);
    },

    // --- all kinds

    finish(positionSec: number) {
      state(this).saver?.complete(positionSec);
      if (!this.data.completed) this.setData({ completed: true });
    },

    onNextLesson() {
      const s = state(this);
      if (!this.data.nextLessonId) return;
      s.saver?.flush();
      wx.redirectTo({ url: lessonUrl(this.data.nextLessonId, s.courseId) });
    },

    onBackToCourse() {
      wx.redirectTo({ url: courseUrl(state(this).courseId) });
    },
  },
});
