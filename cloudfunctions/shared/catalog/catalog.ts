import type { CategoryDoc } from '../../../database-schema/categories/schema';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import { isMemberAt, type MembershipDoc } from '../../../database-schema/memberships/schema';
import type { OrderDoc } from '../../../database-schema/orders/schema';
import { PRICING_SETTINGS_DEFAULT } from '../../../database-schema/settings/schema';
import type { Paged, ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { Category, CourseCard } from '../../../typings/entities';
import { $, _, aggregated, db, docs, expr } from '../platform/cloud';
import { ownsCourse } from '../learning/entitlements';
import { fail } from '../platform/errors';
import { coverUrls } from '../platform/media';
import { toOrderView } from '../orders/views';
import { courseReviewLookups, courseReviewsOf, type CourseReviewRows } from '../reviews/reviews';
import { courseAccess } from '../membership/access';
import { priceBeforeCoupon } from '../pricing/pricing';
import { pricedCourse } from '../pricing/items';
import { COURSE_CARD_FIELDS, toCourseCard, toCourseDetail, type CourseCardDoc } from './views';

/** Categories in display order, each with how many published courses it has. */
export async function listCategories(): Promise<Category[]> {
  const [categories, counts] = await Promise.all([
    docs<CategoryDoc>(db.collection('categories').orderBy('sort', 'asc').limit(100)),
    aggregated<{ _id: string; courseCount: number }>(
      db.collection('courses').aggregate().match({ status: 'published' }).group({ _id: '$categoryId', courseCount: $.sum(1) }),
    ),
  ]);
  const countOf = new Map(counts.map((c) => [c._id, c.courseCount]));
  return categories.map((c) => ({ id: c._id, name: c.name, courseCount: countOf.get(c._id) ?? 0 }));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A page of the published catalog, each card saying whether the caller owns
 * it, in one database round trip: the caller's entitlements are joined in
 * ($lookup) rather than fetched per course.
 */
export async function listCourses(
  openid: string,
  request: ParsedRequestOf<'listCourses'>,
): Promise<ResponseOf<'listCourses'>> {
  const [page, categories] = await Promise.all([
    listCoursePage(openid, request),
    request.includeCategories ? listCategories() : undefined,
  ]);
  return categories ? { ...page, categories } : page;
}

async function listCoursePage(openid: string, request: ParsedRequestOf<'listCourses'>): Promise<Paged<CourseCard>> {
  const filter: Record<string, unknown> = { status: 'published' };
  if (request.categoryId) filter.categoryId = request.categoryId;
  if (request.keyword) filter.searchText = db.RegExp({ regexp: escapeRegExp(request.keyword.toLowerCase()), options: 'i' });
  const sort: Record<string, 1 | -1> =
    request.sort === 'bestselling' ? { salesCount: -1, publishedAt: -1, _id: 1 } : { publishedAt: -1, _id: 1 };
  const projection = Object.fromEntries(Object.keys(COURSE_CARD_FIELDS).map((k) => [k, 1]));
  const rows = await aggregated<CourseCardDoc & { ownedBy: unknown[] }>(
    db
      .collection('courses')
      .aggregate()
      .match(filter)
      .sort(sort)
      .skip((request.page - 1) * request.pageSize)
      // one more than a page tells whether there is a next page
      .limit(request.pageSize + 1)
      .project(projection)
      .lookup({
        from: 'entitlements',
        let: { courseId: '$_id' },
        pipeline: $.pipeline()
          .match(expr($.and([$.eq(['$courseId', '$$courseId']), $.eq(['$openid', openid]), $.eq(['$status', 'active'])])))
          .project({ _id: 1 })
          .done(),
        as: 'ownedBy',
      }),
  );
  const page = rows.slice(0, request.pageSize);
  const covers = await coverUrls(page.map((row) => row.coverFileId));
  return {
    items: page.map((row) => toCourseCard(row, row.ownedBy.length > 0, covers)),
    page: request.page,
    hasMore: rows.length > request.pageSize,
  };
}

/**
 * A course page in one call: the course with its syllabus, its first reviews
 * (joined in, shared/reviews courseReviewLookups) and the caller's membership
 * (joined in too: it decides member access and the member price), whether
 * the caller owns it and the caller's open unpaid order for it. Three reads,
 * in parallel.
 */
export async function getCourse(openid: string, courseId: string): Promise<ResponseOf<'getCourse'>> {
  let coursePage = db.collection('courses').aggregate().match({ _id: courseId }).limit(1);
  for (const lookup of [...courseReviewLookups(openid, courseId), membershipLookup(openid)]) {
    coursePage = coursePage.lookup(lookup as Parameters<typeof coursePage.lookup>[0]);
  }
  const now = new Date();
  const [[course], owned, unpaid] = await Promise.all([
    aggregated<CourseDoc & CourseReviewRows & { membership: MembershipDoc[] }>(coursePage),
    ownsCourse(openid, courseId),
    docs<OrderDoc>(
      db
        .collection('orders')
        .where({ openid, courseId, status: 'unpaid', expiresAt: _.gt(now) })
        .orderBy('createdAt', 'desc')
        .limit(1),
    ),
  ]);
  // An unpublished course stays available to those who bought it.
  if (!course || (course.status !== 'published' && !owned)) return fail('NOT_FOUND', '课程不存在或已下架');
  const membership = course.membership[0] ?? null;
  const access = courseAccess(course, owned, membership, now);
  const buyer = { openid, isMember: isMemberAt(membership, now), ownedCourseIds: new Set<string>() };
  // a course's price does not depend on the settings' rules (only a bundle's owned-course credit does), so no settings read
  const price = { ...priceBeforeCoupon(pricedCourse(course), buyer, PRICING_SETTINGS_DEFAULT), couponId: null, couponFen: 0 };
  const covers = await coverUrls([course.coverFileId]);
  return {
    course: toCourseDetail(course, owned, covers),
    owned,
    memberAccess: access.memberAccess,
    price,
    unpaidOrder: !owned && unpaid[0] ? toOrderView(unpaid[0], covers) : null,
    reviews: courseReviewsOf(course, openid),
  };
}

/** A $lookup of the caller's membership document (`_id` = openid), as `membership`: none or one. */
function membershipLookup(openid: string): object {
  return { from: 'memberships', pipeline: $.pipeline().match({ _id: openid }).limit(1).done(), as: 'membership' };
}
