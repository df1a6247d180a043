import { defineHandler } from '../shared/platform/handler';
import { updateProfile } from '../shared/users/users';

export const main = defineHandler('updateProfile', async (input, caller) => ({ user: await updateProfile(caller.openid, input) }));
