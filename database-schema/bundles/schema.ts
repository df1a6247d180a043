import { z } from 'zod';
import { cloudFileId, docId, fen, serverDate } from '../common';

/** A bundle holds at most this many courses: settling or refunding one reads each course's entitlement in one transaction. */
export const MAX_BUNDLE_COURSES = 50;

export const sellableStatus = z.enum(['draft', 'published', 'unpublished']);
export type SellableStatus = z.infer<typeof sellableStatus>;

/**
 * A bundle (专栏): courses sold together at one price. Buying it grants every
 * course in it (entitlements with source `bundle`, shared/bundles); a course
 * added later is granted to the bundle's owners when the bundle is saved.
 */
export const bundleSchema = z.object({
  _id: docId,
  title: z.string().min(1).max(64),
  subtitle: z.string().max(128),
  description: z.string().max(5000),
  coverFileId: cloudFileId,
  courseIds: z.array(docId).min(1).max(MAX_BUNDLE_COURSES),
  /** integer fen: the bundle's one price */
  priceFen: fen.min(1),
  status: sellableStatus,
  /** learners who bought it */
  salesCount: z.number().int().min(0),
  createdAt: serverDate,
  updatedAt: serverDate,
});
export type BundleDoc = z.infer<typeof bundleSchema>;
