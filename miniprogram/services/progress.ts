/**
 * Saves where the learner is in a lesson without flooding saveProgress: at
 * most once every `minIntervalMs` while playing or reading, and at once when
 * the page hides or closes (flush) or the lesson ends (complete).
 */
import { call } from './cloud';
import { noteProgress } from './freshness';

export const PROGRESS_SAVE_INTERVAL_MS = 15_000;
const MAX_POSITION_SEC = 24 * 3600;

export class ProgressSaver {
  private position = 0;
  private savedPosition: number;
  private lastSaveAt = Date.now();
  private completed: boolean;
  private savedCompleted: boolean;

  constructor(
    private readonly lessonId: string,
    start: { positionSec: number; completed: boolean },
    private readonly minIntervalMs = PROGRESS_SAVE_INTERVAL_MS,
  ) {
    this.position = start.positionSec;
    this.savedPosition = start.positionSec;
    this.completed = start.completed;
    this.savedCompleted = start.completed;
  }

  /** The learner is at `positionSec` (seconds, or a page index for e-books). */
  report(positionSec: number): void {
    this.position = positionSec;
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
    this.save();
  }

  private save(): void {
    const positionSec = Math.min(MAX_POSITION_SEC, Math.max(0, Math.floor(this.position)));
    if (positionSec === this.savedPosition && this.completed === this.savedCompleted) return;
    this.lastSaveAt = Date.now();
    this.savedPosition = positionSec;
    this.savedCompleted = this.completed;
    // once completed, later saves keep saying so: moving back in a finished lesson does not unfinish it
    call('saveProgress', { lessonId: this.lessonId, positionSec, completed: this.completed }).then(
      () => noteProgress(),
      (error) => console.warn('[progress] not saved', error),
    );
  }
}
