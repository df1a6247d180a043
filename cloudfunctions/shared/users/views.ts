import type { UserDoc } from '../../../database-schema/users/schema';
import type { UserProfile } from '../../../typings/entities';

export function toUserProfile(doc: UserDoc): UserProfile {
  return {
    openid: doc._id,
    nickname: doc.nickname,
    avatarFileId: doc.avatarFileId,
    role: doc.role,
    createdAt: doc.createdAt.getTime(),
  };
}
