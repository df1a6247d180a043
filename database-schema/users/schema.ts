import { z } from 'zod';
import { cloudFileId, openid, serverDate } from '../common';

export const userRole = z.enum(['learner', 'operator', 'instructor']);
export type UserRole = z.infer<typeof userRole>;

/** One per learner or operator; `_id` is the OPENID, so a login upserts without racing. */
export const userSchema = z.object({
  _id: openid,
  _openid: openid,
  nickname: z.string().max(32),
  avatarFileId: z.union([cloudFileId, z.literal('')]),
  role: userRole,
  createdAt: serverDate,
  updatedAt: serverDate,
  lastLoginAt: serverDate,
});
export type UserDoc = z.infer<typeof userSchema>;
