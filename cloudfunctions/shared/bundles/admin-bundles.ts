/**
 * Bundles for operators: create or update one, and list them. A course added
 * to a bundle is granted to everyone holding the bundle (a paid bundle
 * order), each order in its own transaction with the entitlements it gives
 * recorded on it (`grantedCourseIds`), so refunding the bundle takes them back.
 */
import { buildBundleDoc } from '../../../database-schema/bundles/bundle-builder';
import type { BundleDoc } from '../../../database-schema/bundles/schema';
import { productKeyOf, type OrderDoc } from '../../../database-schema/orders/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import { _, db, docById, docs, inTransaction, newestPage, txDoc } from '../platform/cloud';
import { fail } from '../platform/errors';
import { bundleCourses } from './bundles';
import { grantToBundleOrder } from './grants';
import { toAdminBundleView } from './views';

type SaveRequest = ParsedRequestOf<'adminSaveBundle'>;

export async function saveBundle({ bundle: input, dryRun }: SaveRequest): Promise<ResponseOf<'adminSaveBundle'>> {
  const courses = await bundleCourses(input.courseIds);
  const missing = input.courseIds.filter((id) => !courses.has(id));
  if (missing.length) return fail('INVALID_INPUT', `课程不存在：${missing.join(', ')}`);
  const now = new Date();
  if (dryRun) {
    const existing = await docById<BundleDoc>('bundles', input.id);
    return { bundle: toAdminBundleView(buildBundleDoc(input, existing, now), courses), created: !existing, dryRun: true, granted: 0 };
  }
  // sales and creation read again in the transaction that writes, so a sale meanwhile is not lost
  const saved = await inTransaction(async (tx) => {
    const before = await txDoc<BundleDoc>(tx, 'bundles', input.id);
    const doc = buildBundleDoc(input, before, now);
    const { _id, ...data } = doc;
    await tx.collection('bundles').doc(_id).set({ data });
    return { doc, created: !before, added: before ? input.courseIds.filter((id) => !before.courseIds.includes(id)) : [] };
  });
  // a new bundle has no owners yet
  const { granted } = saved.added.length ? await grantToBundleOwners(input.id, saved.added, now) : { granted: 0 };
  return { bundle: toAdminBundleView(saved.doc, courses), created: saved.created, dryRun: false, granted };
}

/** Paid bundle orders are read this many at a time. */
const ORDERS_PAGE = 100;

/**
 * Gives `courseIds` to everyone who holds the bundle: every paid bundle order,
 * a page at a time in `_id` order (each page after the last one's `_id`, so
 * orders paid meanwhile do not shift the pages). Each order in its own
 * transaction: read again (one refunded meanwhile gets nothing), the courses
 * its buyer lacks granted, and recorded on the order. Idempotent: a course
 * the buyer owns is skipped, so running it again gives nothing new. Answers
 * the orders looked at and the entitlements given.
 */
export async function grantToBundleOwners(bundleId: string, courseIds: readonly string[], now: Date): Promise<{ orders: number; granted: number }> {
  let orders = 0;
  let granted = 0;
  for (let after: string | null = null; ; ) {
    const filter: Record<string, unknown> = { kind: 'bundle', courseId: productKeyOf('bundle', bundleId), status: 'paid' };
    if (after !== null) filter._id = _.gt(after);
    const page = await docs<Pick<OrderDoc, '_id'>>(db.collection('orders').where(filter).orderBy('_id', 'asc').field({ _id: true }).limit(ORDERS_PAGE));
    for (const { _id } of page) {
      granted += await grantToBundleOrder(_id, courseIds, now);
      orders += 1;
    }
    if (page.length < ORDERS_PAGE) return { orders, granted };
    after = page[page.length - 1]!._id;
  }
}

/**
 * The grant pass again for every course of a bundle, for an operator whose
 * save stopped half-way (`npm run ops -- bundles --regrant <id>`): owners who
 * lack one of the bundle's courses get it.
 */
export async function regrantBundle(bundleId: string): Promise<ResponseOf<'adminRegrantBundle'>> {
  const bundle = await docById<BundleDoc>('bundles', bundleId);
  if (!bundle) return fail('NOT_FOUND', '专栏不存在');
  return { bundleId, ...(await grantToBundleOwners(bundleId, bundle.courseIds, new Date())) };
}

export async function listBundlesForOperator(request: ParsedRequestOf<'adminListBundles'>): Promise<ResponseOf<'adminListBundles'>> {
  const { rows, ...paging } = await newestPage<BundleDoc>(db.collection('bundles'), request.page, request.pageSize);
  const courses = await bundleCourses(rows.flatMap((b) => b.courseIds));
  return { items: rows.map((b) => toAdminBundleView(b, courses)), ...paging };
}
