import { login } from '../shared/users/users';
import { defineHandler } from '../shared/platform/handler';

export const main = defineHandler('login', async (_input, caller) => {
  const user = await login(caller.openid);
  return { user, isOperator: user.role === 'operator' };
});
