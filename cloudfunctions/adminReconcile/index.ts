import { reconcile } from '../shared/orders/admin-orders';
import { operatorCall } from '../shared/platform/handler';

/** Our orders against WeChat Pay's; `fix` settles money taken but not recorded. `npm run ops -- reconcile` calls it. */
export const main = operatorCall('adminReconcile', (input) => reconcile(input));
