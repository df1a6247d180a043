import { listBundles } from '../shared/bundles/bundles';
import { learnerCall } from '../shared/platform/handler';

/** Bundles (专栏) on sale, each with the list prices of its courses added up. */
export const main = learnerCall('listBundles', () => listBundles());
