import { reconcile } from '../shared/admin-orders';
import { operatorHandler } from '../shared/operators';

/** Our orders against WeChat Pay's; `fix` settles money taken but not recorded. `npm run ops -- reconcile` calls it. */
export const main = operatorHandler('adminReconcile', (input) => reconcile(input));
