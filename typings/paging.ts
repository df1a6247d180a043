/**
 * An operator's numbered list (platform/cloud.ts `newestPage`): the request's
 * `page` / `pageSize` fields and the answer's shape, for every admin list.
 */
import { z } from 'zod';

export const numberedPageRequest = {
  page: z.number().int().min(1).max(1000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};

export interface NumberedPage<T> {
  items: T[];
  page: number;
  hasMore: boolean;
  total: number;
}
