import { learnerCall } from '../shared/platform/handler';
import { updateProfile } from '../shared/users/users';

export const main = learnerCall('updateProfile', async (input, caller) => ({ user: await updateProfile(caller.openid, input) }));
