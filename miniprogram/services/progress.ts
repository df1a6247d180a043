/**
 * Saves where the learner is in a lesson without flooding saveProgress: at
 * most once every `minIntervalMs` while playing or reading, and at once when
 * the page hides or closes (flush) or the lesson ends (complete). The server
 * decides when a lesson counts as learned (at 90 %); `onSaved` tells the page.
 */
import type { ProgressView } from '../../typings/entities';
import { call } from './cloud';
import { noteProgress } from './freshness';

export const PROGRESS_SAVE_INTERVAL_MS = 15_000;
const MAX_POSITION_SEC = 24 * 3600;

export interface ProgressSaverOptions {
  minIntervalMs?: number;
  /** the server's answer to each save: whether the lesson now counts as learned */
  onSaved?: (progress: ProgressView) => void;
}

export class ProgressSaver {
  private position = 0;
  private savedPosition: number;
  /** e-books and articles: the share read, 0–1 (the server works it out for media) */
  private readShare: number | undefined;
  private savedReadShare: number | undefined;
  private lastSaveAt = Date.now();
  private completed: boolean;
  private savedCompleted: boolean;
  private readonly minIntervalMs: number;

  constructor(
    private readonly lessonId: string,
    start: { positionSec: number; completed: boolean },
    private readonly options: ProgressSaverOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? PROGRESS_SAVE_INTERVAL_MS;
    this.position = start.positionSec;
    this.savedPosition = start.positionSec;
    this.completed = start.completed;
    this.savedCompleted = start.completed;
  }

  /** The learner is at `positionSec` (seconds, a page index, a scroll offset), having read `readShare` of it. */
  report(positionSec: number, readShare?: number): void {
    this.position = positionSec;
    if (readShare !== undefined) this.readShare = Math.max(this.readShare ?? 0, Math.min(1, Math.max(0, readShare)));
    if (Date.now() - this.lastSaveAt >= this.minIntervalMs) this.save();
  }

  /** Saves now if anything changed since the last save. */
  flush(): void {
    this.save();
  }

  /** The learner finished the lesson. */
  complete(positionSec: number): void {
    this.position = positionSec;
    this.completed = true;
    if (this.readShare !== undefined) this.readShare = 1;
    this.save();
  }

  private save(): void {
    const positionSec = Math.min(MAX_POSITION_SEC, Math.max(0, Math.floor(this.position)));
    const readShare = this.readShare === undefined ? undefined : Math.round(this.readShare * 1000) / 1000;
    if (positionSec === this.savedPosition && this.completed === this.savedCompleted && readShare === this.savedReadShare) return;
    this.lastSaveAt = Date.now();
    this.savedPosition = positionSec;
    this.savedCompleted = this.completed;
    this.savedReadShare = readShare;
    // once completed, later saves keep saying so: moving back in a finished lesson does not unfinish it
    call('saveProgress', { lessonId: this.lessonId, positionSec, completed: this.completed, ...(readShare === undefined ? {} : { readShare }) }).then(
      ({ progress }) => {
        noteProgress();
        if (progress.completed) this.completed = this.savedCompleted = true;
        this.options.onSaved?.(progress);
      },
      (error) => console.warn('[progress] not saved', error),
    );
  }
}
