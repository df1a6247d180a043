import { reconcile } from '../shared/orders/admin-orders';
import { operatorHandler } from '../shared/operators/operators';

/** Our orders against WeChat Pay's; `fix` settles money taken but not recorded. `npm run ops -- reconcile` calls it. */
export const main = operatorHandler('adminReconcile', (input) => reconcile(input));
