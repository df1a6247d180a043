import { z } from 'zod';
import { docId } from '../common';

export const categorySchema = z.object({
  _id: docId,
  name: z.string().min(1).max(16),
  /** smaller first */
  sort: z.number().int(),
});
export type CategoryDoc = z.infer<typeof categorySchema>;
