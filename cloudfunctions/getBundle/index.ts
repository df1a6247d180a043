import { getBundle } from '../shared/bundles/bundles';
import { learnerCall } from '../shared/platform/handler';

/** A bundle with its courses (which the caller owns marked), whether the caller bought it, and the caller's price. */
export const main = learnerCall('getBundle', (input, caller) => getBundle(caller.openid, input.bundleId));
