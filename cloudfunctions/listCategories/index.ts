import { listCategories } from '../shared/catalog';
import { defineHandler } from '../shared/handler';

export const main = defineHandler('listCategories', async () => ({ categories: await listCategories() }));
