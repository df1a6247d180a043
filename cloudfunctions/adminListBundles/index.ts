import { listBundlesForOperator } from '../shared/bundles/admin-bundles';
import { operatorCall } from '../shared/platform/handler';

/** Every bundle, whatever its status, newest first, numbered pages. */
export const main = operatorCall('adminListBundles', (input) => listBundlesForOperator(input));
