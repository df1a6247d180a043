import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok, stubCloud } from '../../test/miniprogram/harness';
import { ProgressSaver } from './progress';

describe('ProgressSaver', () => {
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => vi.restoreAllMocks());

  const saves = () => {
    const saved: unknown[] = [];
    stubCloud({
      saveProgress: (req) => {
        saved.push(req);
        return ok({ progress: { lessonId: req.lessonId, positionSec: req.positionSec, completed: req.completed ?? false, updatedAt: now } });
      },
    });
    return saved;
  };

  it('saves at most every 15 seconds while playing', () => {
    const saved = saves();
    const saver = new ProgressSaver('lesson-1', { positionSec: 0, completed: false });
    for (let t = 1; t <= 40; t += 1) {
      now += 1000;
      saver.report(t);
    }
    expect(saved).toEqual([
      { lessonId: 'lesson-1', positionSec: 15, completed: false },
      { lessonId: 'lesson-1', positionSec: 30, completed: false },
    ]);
  });

  it('flushes what changed, and nothing when nothing did', () => {
    const saved = saves();
    const saver = new ProgressSaver('lesson-1', { positionSec: 42, completed: false });
    saver.flush();
    expect(saved).toEqual([]);
    saver.report(50.7);
    saver.flush();
    saver.flush();
    expect(saved).toEqual([{ lessonId: 'lesson-1', positionSec: 50, completed: false }]);
  });

  it('saves completion at once and keeps it', () => {
    const saved = saves();
    const saver = new ProgressSaver('lesson-1', { positionSec: 0, completed: false });
    saver.complete(245);
    now += 20_000;
    saver.report(10);
    expect(saved).toEqual([
      { lessonId: 'lesson-1', positionSec: 245, completed: true },
      { lessonId: 'lesson-1', positionSec: 10, completed: true },
    ]);
  });

  it('survives a failed save', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(wx.cloud, 'callFunction').mockRejectedValue(new Error('network down'));
    const saver = new ProgressSaver('lesson-1', { positionSec: 0, completed: false });
    saver.complete(5);
    await new Promise((r) => setTimeout(r, 0));
    expect(console.warn).toHaveBeenCalled();
  });
});
