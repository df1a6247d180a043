import { listCategories } from '../shared/catalog/catalog';
import { learnerCall } from '../shared/platform/handler';

export const main = learnerCall('listCategories', async () => ({ categories: await listCategories() }));
