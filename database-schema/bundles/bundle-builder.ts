/**
 * A bundle's content made into its document, in one place: for adminSaveBundle
 * and the demo seed alike. Pure, next to the schema it builds (as
 * ../courses/course-builder.ts).
 */
import { bundleSchema, type BundleDoc } from './schema';

/** What an operator writes of a bundle (typings/pricing-api.ts `bundleInputSchema` parses into this). */
export type BundleContent = { id: string } & Pick<BundleDoc, 'title' | 'subtitle' | 'description' | 'coverFileId' | 'courseIds' | 'priceFen' | 'status'>;

/** What a bundle keeps across a save: its sales and creation (none for a new one). */
export type BundleHistory = Pick<BundleDoc, 'salesCount' | 'createdAt'>;

/** The document: content from the input, sales and creation kept; validated by the collection's schema. */
export function buildBundleDoc(input: BundleContent, existing: BundleHistory | null, now: Date): BundleDoc {
  return bundleSchema.parse({
    _id: input.id,
    title: input.title,
    subtitle: input.subtitle,
    description: input.description,
    coverFileId: input.coverFileId,
    courseIds: input.courseIds,
    priceFen: input.priceFen,
    status: input.status,
    salesCount: existing?.salesCount ?? 0,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
}
