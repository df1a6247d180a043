/**
 * wx.getBackgroundAudioManager and wx.createInnerAudioContext over an
 * HTMLAudioElement. The background manager is one per app and starts playing
 * when `src` is set, as WeChat's does.
 */
import { browserUrl } from './media-url';

type Listener = (arg?: unknown) => void;

const EVENTS = ['play', 'pause', 'stop', 'ended', 'timeUpdate', 'canplay', 'error', 'waiting', 'seeked'] as const;
type AudioEvent = (typeof EVENTS)[number];

const DOM_EVENT: Partial<Record<AudioEvent, string>> = { timeUpdate: 'timeupdate', canplay: 'canplay', seeked: 'seeked', waiting: 'waiting', error: 'error', ended: 'ended', play: 'play', pause: 'pause' };

export class PreviewAudio {
  readonly element = new Audio();
  private readonly listeners = new Map<AudioEvent, Set<Listener>>();
  title = '';
  epname = '';
  singer = '';
  coverImgUrl = '';
  startTime = 0;
  autoplay = false;
  private source = '';

  constructor(private readonly playsOnSrc: boolean) {
    for (const name of EVENTS) {
      const dom = DOM_EVENT[name];
      if (dom) this.element.addEventListener(dom, () => this.emit(name, dom === 'error' ? { errMsg: 'audio error', errCode: 10001 } : undefined));
    }
    this.element.addEventListener('loadedmetadata', () => {
      if (this.startTime > 0 && this.startTime < this.element.duration) this.element.currentTime = this.startTime;
    });
    // on* / off* for each event, as WeChat names them
    for (const name of EVENTS) {
      const cap = name[0].toUpperCase() + name.slice(1);
      (this as unknown as Record<string, unknown>)[`on${cap}`] = (fn: Listener) => this.on(name, fn);
      (this as unknown as Record<string, unknown>)[`off${cap}`] = (fn?: Listener) => this.off(name, fn);
    }
  }

  private on(name: AudioEvent, fn: Listener): void {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)!.add(fn);
  }

  private off(name: AudioEvent, fn?: Listener): void {
    if (fn) this.listeners.get(name)?.delete(fn);
    else this.listeners.delete(name);
  }

  private emit(name: AudioEvent, arg?: unknown): void {
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        fn(arg);
      } catch (error) {
        console.error('[preview] audio listener failed', error);
      }
    }
  }

  get src(): string {
    return this.source;
  }

  set src(value: string) {
    this.source = value;
    this.element.src = browserUrl(value);
    if (this.playsOnSrc || this.autoplay) this.play();
  }

  get currentTime(): number {
    return this.element.currentTime;
  }

  get duration(): number {
    return Number.isFinite(this.element.duration) ? this.element.duration : 0;
  }

  /** WeChat's playbackRate (0.5–2.0); the element's own keeps it across src changes here */
  get playbackRate(): number {
    return this.element.playbackRate;
  }

  set playbackRate(rate: number) {
    this.element.defaultPlaybackRate = rate;
    this.element.playbackRate = rate;
  }

  get paused(): boolean {
    return this.element.paused;
  }

  get buffered(): number {
    const b = this.element.buffered;
    return b.length ? b.end(b.length - 1) : 0;
  }

  play(): void {
    this.element.play().catch((error: unknown) => {
      // a browser may refuse to play before the person has touched the page
      console.warn('[preview] audio did not start', error);
      this.emit('pause');
    });
  }

  pause(): void {
    this.element.pause();
  }

  stop(): void {
    this.element.pause();
    this.element.currentTime = 0;
    this.emit('stop');
  }

  seek(position: number): void {
    this.element.currentTime = position;
  }

  destroy(): void {
    this.element.pause();
    this.element.removeAttribute('src');
    this.listeners.clear();
  }
}

let background: PreviewAudio | null = null;

export function backgroundAudioManager(): PreviewAudio {
  background ??= new PreviewAudio(true);
  return background;
}
