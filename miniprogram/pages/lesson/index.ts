import type { EbookFile, EbookPage, LessonContent, LessonKind, OutlineChapter, ProgressView } from '../../../typings/entities';
import { CloudError, call, errorMessage } from '../../services/cloud';
import { definePage } from '../../services/page';
import { ProgressSaver } from '../../services/progress';
import type { DatasetEvent } from '../../utils/events';
import { formatDuration } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, freeLessonLabel, lessonKindLabel, lessonLengthLabel, lessonUrl, resumeLabel } from '../../utils/lesson';
import { readableHtml } from '../../utils/rich-text';

type MediaLesson = Extract<LessonContent, { mediaUrl: string }>;

/** Playback speeds offered for video and audio. */
const RATES = [0.75, 1, 1.25, 1.5, 2];
/** The learner's speed, kept for the next lesson: who listens at 1.5× wants it again. */
const RATE_KEY = 'lesson.playbackRate';
const SKIP_SEC = 15;
const VIDEO_ID = 'lesson-video';

interface OutlineRow {
  id: string;
  title: string;
  meta: string;
  freeLabel: string;
  current: boolean;
  locked: boolean;
  completed: boolean;
}

interface OutlineView {
  id: string;
  title: string;
  lessons: OutlineRow[];
}

function toOutline(chapters: OutlineChapter[], currentId: string): OutlineView[] {
  return chapters.map((ch) => ({
    id: ch.id,
    title: ch.title,
    lessons: ch.lessons.map((l) => ({
      id: l.id,
      title: l.title,
      meta: `${lessonKindLabel(l.kind)} · ${lessonLengthLabel(l.kind, l.durationSec)}`,
      freeLabel: l.freePreview ? freeLessonLabel(l.kind) : '',
      current: l.id === currentId,
      locked: l.locked,
      completed: l.completed,
    })),
  }));
}

function savedRate(): number {
  const rate = Number(wx.getStorageSync(RATE_KEY));
  return RATES.includes(rate) ? rate : 1;
}

const state = instanceState(() => ({
  lessonId: '',
  courseId: '',
  saver: null as ProgressSaver | null,
  /** the whole e-book; only the page on screen goes to data */
  ebookPages: [] as EbookPage[],
  /** which lessons of the outline are locked, for 上一讲 / 下一讲 and the list */
  locked: new Set<string>(),
  unloaded: false,
  /** the audio position shown, in whole seconds, so timeupdate does not setData four times a second */
  shownAudioSec: -1,
  /** the learner is dragging the seek bar: the player's time does not move it meanwhile */
  seeking: false,
  durationSec: 0,
  /** an article's height and the window's, to tell how much of it was read */
  articleHeight: 0,
  windowHeight: 0,
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

definePage({
  data: {
    kind: '' as LessonKind | '',
    title: '',
    courseTitle: '',
    instructor: '',
    coverUrl: '',
    completed: false,
    /** "从 03:12 继续" when the lesson opens where the learner left it */
    resumeText: '',
    prevLessonId: '',
    nextLessonId: '',
    nextLocked: false,
    outline: [] as OutlineView[],
    rates: RATES,
    rate: 1,
    /** video and audio */
    mediaUrl: '',
    startSec: 0,
    /** article */
    body: '',
    /** e-book: the page on screen, and its table of contents */
    ebookPage: null as EbookPage | null,
    pageIndex: 0,
    pageCount: 0,
    toc: [] as string[],
    tocOpen: false,
    /** audio */
    playing: false,
    audioSec: 0,
    durationSec: 0,
    audioPosition: '00:00',
    audioDuration: '00:00',
    /** the 问答 under this lesson (components/question-list) */
    questions: { courseId: '', lessonId: '', owned: false },
  },
  async load(show) {
    const s = state(this);
    if (!s.lessonId) throw new CloudError('NOT_FOUND', '没有找到这一讲');
    const { lesson } = await call('getLesson', { lessonId: s.lessonId });
    if (s.unloaded) return;
    s.courseId = lesson.courseId;
    s.durationSec = lesson.durationSec;
    s.locked = new Set(lesson.chapters.flatMap((ch) => ch.lessons.filter((l) => l.locked).map((l) => l.id)));
    s.saver = new ProgressSaver(lesson.id, { positionSec: lesson.positionSec, completed: lesson.completed }, { onSaved: (p) => this.onSaved(p) });
    // a finished lesson starts over; an unfinished one opens where the learner left
    const startAt = lesson.completed ? 0 : lesson.positionSec;
    const common = {
      kind: lesson.kind,
      title: lesson.title,
      courseTitle: lesson.courseTitle,
      instructor: lesson.instructor,
      coverUrl: lesson.coverUrl,
      completed: lesson.completed,
      resumeText: resumeLabel(lesson.kind, startAt),
      prevLessonId: lesson.prevLessonId ?? '',
      nextLessonId: lesson.nextLessonId ?? '',
      nextLocked: lesson.nextLessonId ? s.locked.has(lesson.nextLessonId) : false,
      outline: toOutline(lesson.chapters, lesson.id),
      rate: savedRate(),
      questions: { courseId: lesson.courseId, lessonId: lesson.id, owned: lesson.owned },
    };
    wx.setNavigationBarTitle({ title: lesson.title }).catch(() => undefined);
    if (lesson.kind === 'article') {
      if (show({ ...common, body: readableHtml(lesson.body) }) && startAt > 0) wx.pageScrollTo({ scrollTop: startAt, duration: 0 }).catch(() => undefined);
    } else if (lesson.kind === 'ebook') {
      const { pages } = await fetchEbook(lesson.mediaUrl);
      s.ebookPages = pages;
      const pageIndex = Math.min(Math.max(0, Math.floor(startAt)), Math.max(0, pages.length - 1));
      show({ ...common, toc: pages.map((p) => p.title), ...this.ebookView(pageIndex), status: pages.length ? 'ready' : 'empty' });
    } else if (lesson.kind === 'audio') {
      const shown = show({ ...common, durationSec: lesson.durationSec, audioSec: startAt, audioPosition: formatDuration(startAt), audioDuration: formatDuration(lesson.durationSec) });
      if (shown) this.playAudio(lesson, startAt);
    } else {
      show({ ...common, mediaUrl: lesson.mediaUrl, startSec: startAt });
    }
  },
  failed(error) {
    const s = state(this);
    if (error instanceof CloudError && error.code === 'NOT_PURCHASED' && s.courseId) {
      wx.showToast({ title: '购买后学习', icon: 'none' });
      wx.redirectTo({ url: courseUrl(s.courseId) });
      return null;
    }
    return error instanceof CloudError ? errorMessage(error) : '内容加载失败，请稍后重试';
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const s = state(this);
      s.lessonId = query.id ?? '';
      s.courseId = query.courseId ?? '';
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

    /** The server counts a lesson learned at 90 %: mark it so here and in the list. */
    onSaved(progress: ProgressView) {
      if (state(this).unloaded || !progress.completed || this.data.completed) return;
      this.markCompleted();
    },

    markCompleted() {
      const s = state(this);
      const outline = this.data.outline.map((ch) => ({ ...ch, lessons: ch.lessons.map((l) => (l.id === s.lessonId ? { ...l, completed: true } : l)) }));
      this.setData({ completed: true, outline });
    },

    // --- speed, video and audio

    onRate(e: DatasetEvent<{ rate: number }>) {
      const rate = Number(e.currentTarget.dataset.rate);
      if (!RATES.includes(rate) || rate === this.data.rate) return;
      this.setData({ rate });
      wx.setStorageSync(RATE_KEY, rate);
      if (this.data.kind === 'video') wx.createVideoContext(VIDEO_ID, this).playbackRate(rate);
      else if (this.data.kind === 'audio') wx.getBackgroundAudioManager().playbackRate = rate;
    },

    // --- video

    onVideoPlay() {
      // the <video> starts at 1× whatever was chosen before
      if (this.data.rate !== 1) wx.createVideoContext(VIDEO_ID, this).playbackRate(this.data.rate);
    },

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

    playAudio(lesson: MediaLesson, startAt: number) {
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
        if (!s.unloaded && !s.seeking && sec !== s.shownAudioSec) this.showAudioAt(sec);
      });
      bgm.onEnded(() => {
        s.saver?.complete(lesson.durationSec);
        if (!s.unloaded) {
          this.setData({ playing: false });
          if (!this.data.completed) this.markCompleted();
        }
      });
      // what WeChat shows in its own player while the page is closed; title is required before src
      bgm.title = lesson.title;
      bgm.epname = lesson.courseTitle;
      bgm.singer = lesson.instructor;
      bgm.coverImgUrl = lesson.coverUrl;
      bgm.startTime = startAt;
      bgm.playbackRate = this.data.rate;
      // setting src starts playback
      bgm.src = lesson.mediaUrl;
    },

    showAudioAt(sec: number) {
      const s = state(this);
      s.shownAudioSec = sec;
      this.setData({ audioSec: sec, audioPosition: formatDuration(sec) });
    },

    onAudioToggle() {
      const bgm = wx.getBackgroundAudioManager();
      if (this.data.playing) bgm.pause();
      else bgm.play();
    },

    /** Dragging the seek bar: the time follows the finger, the audio waits for the release. */
    onSeeking(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      state(this).seeking = true;
      this.setData({ audioPosition: formatDuration(e.detail.value) });
    },

    onSeek(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      state(this).seeking = false;
      this.seekAudio(e.detail.value);
    },

    onBack15() {
      this.seekAudio(wx.getBackgroundAudioManager().currentTime - SKIP_SEC);
    },

    onForward15() {
      this.seekAudio(wx.getBackgroundAudioManager().currentTime + SKIP_SEC);
    },

    seekAudio(target: number) {
      const s = state(this);
      const sec = Math.floor(Math.min(Math.max(0, target), s.durationSec));
      wx.getBackgroundAudioManager().seek(sec);
      this.showAudioAt(sec);
      s.saver?.report(sec);
    },

    // --- article

    onPageScroll(e: { scrollTop: number }) {
      if (this.data.kind !== 'article') return;
      const s = state(this);
      if (!s.articleHeight) this.measureArticle();
      const share = s.articleHeight > 0 ? Math.min(1, (e.scrollTop + s.windowHeight) / s.articleHeight) : undefined;
      s.saver?.report(e.scrollTop, share);
    },

    measureArticle() {
      const s = state(this);
      s.windowHeight = wx.getWindowInfo().windowHeight;
      this.createSelectorQuery()
        .select('.page')
        .boundingClientRect((rect) => {
          if (rect && !Array.isArray(rect)) s.articleHeight = rect.height;
        })
        .exec();
    },

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

    onToggleToc() {
      this.setData({ tocOpen: !this.data.tocOpen });
    },

    onTocTap(e: DatasetEvent<{ index: number }>) {
      this.setData({ tocOpen: false });
      const index = Number(e.currentTarget.dataset.index);
      if (index !== this.data.pageIndex) this.turnTo(index);
    },

    turnTo(pageIndex: number) {
      this.setData(this.ebookView(pageIndex));
      wx.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
      if (pageIndex === this.data.pageCount - 1) this.finish(pageIndex);
      else state(this).saver?.report(pageIndex, (pageIndex + 1) / this.data.pageCount);
    },

    // --- all kinds

    finish(positionSec: number) {
      state(this).saver?.complete(positionSec);
      if (!this.data.completed) this.markCompleted();
    },

    /** A lesson of the outline, or 上一讲 / 下一讲: a locked one sends the learner to buy the course. */
    goToLesson(lessonId: string) {
      const s = state(this);
      if (!lessonId || lessonId === s.lessonId) return;
      s.saver?.flush();
      if (s.locked.has(lessonId)) {
        wx.showToast({ title: '购买后学习', icon: 'none' });
        wx.redirectTo({ url: courseUrl(s.courseId) });
        return;
      }
      wx.redirectTo({ url: lessonUrl(lessonId, s.courseId) });
    },

    onOutlineTap(e: DatasetEvent<{ id: string }>) {
      this.goToLesson(e.currentTarget.dataset.id);
    },

    onPrevLesson() {
      this.goToLesson(this.data.prevLessonId);
    },

    onNextLesson() {
      this.goToLesson(this.data.nextLessonId);
    },

    onBackToCourse() {
      wx.redirectTo({ url: courseUrl(state(this).courseId) });
    },
  },
});
