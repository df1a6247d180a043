import type { CategoryDoc } from '../../database-schema/categories/schema';
import type { Category } from '../../typings/entities';
import { _, aggregated, db, docs } from './cloud';

/** Categories in display order, each with how many published courses it has. */
export async function listCategories(): Promise<Category[]> {
  const [categories, counts] = await Promise.all([
    docs<CategoryDoc>(db.collection('categories').orderBy('sort', 'asc').limit(100)),
    aggregated<{ _id: string; courseCount: number }>(
      db
        .collection('courses')
        .aggregate()
        .match({ status: 'published' })
        .group({ _id: '$categoryId', courseCount: _.aggregate.sum(1) }),
    ),
  ]);
  const countOf = new Map(counts.map((c) => [c._id, c.courseCount]));
  return categories.map((c) => ({ id: c._id, name: c.name, courseCount: countOf.get(c._id) ?? 0 }));
}
