import { regrantBundle } from '../shared/bundles/admin-bundles';
import { operatorCall } from '../shared/platform/handler';

/** Grants each of a bundle's courses to its holders who lack it (a save that stopped half-way). */
export const main = operatorCall('adminRegrantBundle', (input) => regrantBundle(input.bundleId));
