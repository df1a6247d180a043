import { login } from '../shared/users/users';
import { learnerCall } from '../shared/platform/handler';

export const main = learnerCall('login', async (_input, caller) => {
  const user = await login(caller.openid);
  return { user, isOperator: user.role === 'operator' };
});
