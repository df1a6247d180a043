import { saveBundle } from '../shared/bundles/admin-bundles';
import { operatorCall } from '../shared/platform/handler';

/** Creates or updates a bundle; courses added to it are granted to those who hold it. */
export const main = operatorCall('adminSaveBundle', (input) => saveBundle(input));
