/**
 * Bundle documents → what pages and operators see (typings/pricing-api.ts).
 * A bundle's courses come as the few fields a card or a sum needs.
 */
import type { BundleDoc } from '../../../database-schema/bundles/schema';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import type { AdminBundleView, BundleCard, BundleDetail } from '../../../typings/pricing-api';
import type { CourseCard } from '../../../typings/entities';
import type { CoverUrls } from '../platform/media';

/** What the saving shown beside a bundle's price adds up: the list prices of its published courses. */
export function publishedListFen(bundle: Pick<BundleDoc, 'courseIds'>, courses: ReadonlyMap<string, Pick<CourseDoc, 'priceFen' | 'status'>>): { coursesListFen: number; courseCount: number } {
  const published = bundle.courseIds.map((id) => courses.get(id)).filter((c) => c?.status === 'published');
  return { coursesListFen: published.reduce((sum, c) => sum + c!.priceFen, 0), courseCount: published.length };
}

export function toBundleCard(bundle: BundleDoc, courses: ReadonlyMap<string, Pick<CourseDoc, 'priceFen' | 'status'>>, covers: CoverUrls): BundleCard {
  return {
    id: bundle._id,
    title: bundle.title,
    subtitle: bundle.subtitle,
    coverUrl: covers.get(bundle.coverFileId) ?? '',
    priceFen: bundle.priceFen,
    ...publishedListFen(bundle, courses),
    salesCount: bundle.salesCount,
  };
}

/** `cards`: the courses shown, in the bundle's order (published ones and those the caller owns). */
export function toBundleDetail(bundle: BundleDoc, courses: ReadonlyMap<string, Pick<CourseDoc, 'priceFen' | 'status'>>, cards: CourseCard[], covers: CoverUrls): BundleDetail {
  return { ...toBundleCard(bundle, courses, covers), description: bundle.description, courses: cards };
}

export function toAdminBundleView(bundle: BundleDoc, courses: ReadonlyMap<string, Pick<CourseDoc, 'priceFen' | 'status'>>): AdminBundleView {
  return {
    id: bundle._id,
    title: bundle.title,
    courseIds: bundle.courseIds,
    priceFen: bundle.priceFen,
    coursesListFen: publishedListFen(bundle, courses).coursesListFen,
    status: bundle.status,
    salesCount: bundle.salesCount,
    updatedAt: bundle.updatedAt.getTime(),
  };
}
