import { defineHandler } from '../shared/handler';
import { updateProfile } from '../shared/users';

export const main = defineHandler('updateProfile', async (input, caller) => ({ user: await updateProfile(caller.openid, input) }));
