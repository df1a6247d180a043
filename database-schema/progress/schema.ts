import { z } from 'zod';
import { docId, openid, serverDate } from '../common';

/** A learner's place in one lesson, `_id` = `${openid}_${lessonId}`. */
export const progressSchema = z.object({
  _id: docId,
  openid,
  _openid: openid,
  courseId: docId,
  lessonId: docId,
  positionSec: z.number().min(0),
  /**
   * the most of the lesson the learner has reached, 0–1 (1 once completed);
   * absent on documents written before it was kept: read them with learnedShare()
   */
  learnedShare: z.number().min(0).max(1).optional(),
  completed: z.boolean(),
  updatedAt: serverDate,
});
export type ProgressDoc = z.infer<typeof progressSchema>;

export function progressId(openidValue: string, lessonId: string): string {
  return `${openidValue}_${lessonId}`;
}

/** A lesson counts as learned from this share on: the last seconds of a video are often credits. */
export const LEARNED_SHARE = 0.9;
