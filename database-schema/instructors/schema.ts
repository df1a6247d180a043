import { z } from 'zod';
import { docId, fen, openid, serverDate } from '../common';

/**
 * A teacher learners can ask (付费提问), `_id` the instructor ID pages use: the
 * OPENID stays here and never goes on the wire to others. The teacher's
 * `users` document says `role: 'instructor'`; `courseIds` are the courses
 * whose free questions they answer.
 */
export const instructorSchema = z.object({
  _id: docId,
  openid,
  _openid: openid,
  name: z.string().min(1).max(32),
  bio: z.string().max(500),
  /** integer fen a paid question costs; null: not taking paid questions */
  questionPriceFen: fen.min(1).nullable(),
  courseIds: z.array(docId).max(50),
  createdAt: serverDate,
  updatedAt: serverDate,
});
export type InstructorDoc = z.infer<typeof instructorSchema>;
