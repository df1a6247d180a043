import { listCategories } from '../shared/catalog/catalog';
import { defineHandler } from '../shared/platform/handler';

export const main = defineHandler('listCategories', async () => ({ categories: await listCategories() }));
