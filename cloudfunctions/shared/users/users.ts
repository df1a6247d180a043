import type { UserDoc } from '../../../database-schema/users/schema';
import type { UserProfile } from '../../../typings/entities';
import { db, docById } from '../platform/cloud';
import { fail } from '../platform/errors';
import { toUserProfile } from './views';

/** The document of a user who just logged in, made on first login (`_id` is the OPENID). */
export async function login(openid: string): Promise<UserProfile> {
  const users = db.collection('users');
  const touched = (await users.doc(openid).update({ data: { lastLoginAt: db.serverDate() } })) as { stats: { updated: number } };
  if (touched.stats.updated === 0) {
    const fresh = {
      _id: openid,
      _openid: openid,
      nickname: '',
      avatarFileId: '',
      role: 'learner',
      createdAt: db.serverDate(),
      updatedAt: db.serverDate(),
      lastLoginAt: db.serverDate(),
    };
    // A concurrent first login may have added it already; either way it exists now.
    await (users.add({ data: fresh }) as Promise<unknown>).catch(() => undefined);
  }
  const user = await docById<UserDoc>('users', openid);
  if (!user) return fail('INTERNAL', '登录失败，请重试');
  return toUserProfile(user);
}

export async function updateProfile(openid: string, change: { nickname?: string; avatarFileId?: string }): Promise<UserProfile> {
  const data: Record<string, unknown> = { updatedAt: db.serverDate() };
  if (change.nickname !== undefined) data.nickname = change.nickname;
  if (change.avatarFileId !== undefined) data.avatarFileId = change.avatarFileId;
  const result = (await db.collection('users').doc(openid).update({ data })) as { stats: { updated: number } };
  if (result.stats.updated === 0) fail('NOT_FOUND', '请先登录');
  const user = await docById<UserDoc>('users', openid);
  if (!user) return fail('NOT_FOUND', '请先登录');
  return toUserProfile(user);
}
