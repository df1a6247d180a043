/**
 * Bundles (专栏) for learners: those on sale, and one with its courses, which
 * of them the caller owns, whether the caller bought it, and the caller's
 * price from the pricing engine.
 */
import type { BundleDoc } from '../../../database-schema/bundles/schema';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import { productKeyOf, type OrderDoc } from '../../../database-schema/orders/schema';
import type { ResponseOf } from '../../../typings/api';
import { pricedBundle } from '../pricing/items';
import { COURSE_CARD_FIELDS, toCourseCard, type CourseCardDoc } from '../catalog/views';
import { _, db, docById, docs } from '../platform/cloud';
import { fail } from '../platform/errors';
import { coverUrls } from '../platform/media';
import { pricingSettings } from '../platform/settings';
import { buyerAt } from '../pricing/buyer';
import { priceBeforeCoupon } from '../pricing/pricing';
import { toBundleCard, toBundleDetail } from './views';

/** listBundles answers at most this many, newest change first: a shelf, not a catalog to page through. */
export const LISTED_BUNDLES = 20;

/** The most one query reads. */
const READ_LIMIT = 1000;

export type BundleCourseDoc = CourseCardDoc & Pick<CourseDoc, 'status'>;

/** The courses of `ids` that exist, by ID, as cards need them: batches of a query's most. */
export async function bundleCourses(ids: readonly string[], published = false): Promise<Map<string, BundleCourseDoc>> {
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += READ_LIMIT) batches.push(unique.slice(i, i + READ_LIMIT));
  const rows = await Promise.all(
    batches.map((batch) =>
      docs<BundleCourseDoc>(
        db
          .collection('courses')
          .where(published ? { _id: _.in(batch), status: 'published' } : { _id: _.in(batch) })
          .field({ ...COURSE_CARD_FIELDS, status: true })
          .limit(batch.length),
      ),
    ),
  );
  return new Map(rows.flat().map((c) => [c._id, c]));
}

export async function listBundles(): Promise<ResponseOf<'listBundles'>> {
  const bundles = await docs<BundleDoc>(db.collection('bundles').where({ status: 'published' }).orderBy('updatedAt', 'desc').limit(LISTED_BUNDLES));
  // LISTED_BUNDLES × MAX_BUNDLE_COURSES is one query's most
  const [courses, covers] = await Promise.all([bundleCourses(bundles.flatMap((b) => b.courseIds), true), coverUrls(bundles.map((b) => b.coverFileId))]);
  return { items: bundles.map((b) => toBundleCard(b, courses, covers)) };
}

/** Whether the learner has a paid order for the bundle (refunded ones do not count). */
async function boughtBundle(openid: string, bundleId: string): Promise<boolean> {
  const paid = await docs<Pick<OrderDoc, '_id'>>(
    db
      .collection('orders')
      .where({ openid, courseId: productKeyOf('bundle', bundleId), status: 'paid' })
      .field({ _id: true })
      .limit(1),
  );
  return paid.length > 0;
}

/**
 * A bundle's page. Off sale, it stays visible to those who bought it (as an
 * unpublished course does to its owners); its unpublished courses show only
 * to those who own them.
 */
export async function getBundle(openid: string, bundleId: string): Promise<ResponseOf<'getBundle'>> {
  const [bundle, bought] = await Promise.all([docById<BundleDoc>('bundles', bundleId), boughtBundle(openid, bundleId)]);
  if (!bundle || (bundle.status !== 'published' && !bought)) return fail('NOT_FOUND', '专栏不存在或已下架');
  const now = new Date();
  const [courses, buyer, rules] = await Promise.all([bundleCourses(bundle.courseIds), buyerAt(openid, now, bundle.courseIds), pricingSettings()]);
  const shown = bundle.courseIds.map((id) => courses.get(id)).filter((c): c is BundleCourseDoc => !!c && (c.status === 'published' || buyer.ownedCourseIds.has(c._id)));
  const covers = await coverUrls([bundle.coverFileId, ...shown.map((c) => c.coverFileId)]);
  const cards = shown.map((c) => toCourseCard(c, buyer.ownedCourseIds.has(c._id), covers));
  const before = priceBeforeCoupon(pricedBundle(bundle, shown), buyer, rules);
  return {
    bundle: toBundleDetail(bundle, courses, cards, covers),
    price: { ...before, couponId: null, couponFen: 0 },
    ownedCount: buyer.ownedCourseIds.size,
    bought,
  };
}
