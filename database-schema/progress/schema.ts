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
  completed: z.boolean(),
  updatedAt: serverDate,
});
export type ProgressDoc = z.infer<typeof progressSchema>;

export function progressId(openidValue: string, lessonId: string): string {
  return `${openidValue}_${lessonId}`;
}
