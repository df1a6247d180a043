import { z } from 'zod';
import { cloudFileId, docId, fen, serverDate } from '../common';

const lessonBase = {
  /** unique across all courses: getLesson finds a lesson by it alone */
  id: docId,
  title: z.string().min(1).max(64),
  durationSec: z.number().int().min(0),
  freePreview: z.boolean(),
};

export const lessonSchema = z.discriminatedUnion('kind', [
  z.object({ ...lessonBase, kind: z.literal('video'), mediaFileId: cloudFileId }),
  z.object({ ...lessonBase, kind: z.literal('audio'), mediaFileId: cloudFileId }),
  /** an article's body is rich-text HTML for <rich-text>, kept in the document */
  z.object({ ...lessonBase, kind: z.literal('article'), body: z.string().min(1).max(100_000) }),
  /** an e-book is a JSON file {pages: [{title, body}]} in storage */
  z.object({ ...lessonBase, kind: z.literal('ebook'), mediaFileId: cloudFileId }),
]);
export type LessonDoc = z.infer<typeof lessonSchema>;
export type LessonKind = LessonDoc['kind'];

export const chapterSchema = z.object({
  id: docId,
  title: z.string().min(1).max(64),
  lessons: z.array(lessonSchema).max(200),
});
export type ChapterDoc = z.infer<typeof chapterSchema>;

export const courseStatus = z.enum(['draft', 'published', 'unpublished']);
export type CourseStatus = z.infer<typeof courseStatus>;

export const courseSchema = z.object({
  _id: docId,
  title: z.string().min(1).max(64),
  subtitle: z.string().max(128),
  instructor: z.string().min(1).max(32),
  description: z.string().max(5000),
  categoryId: docId,
  coverFileId: cloudFileId,
  /** the price, integer fen; the only source of what an order costs */
  priceFen: fen,
  status: courseStatus,
  /**
   * open to every valid member (会员) without buying (absent on courses saved
   * before membership: false)
   */
  memberIncluded: z.boolean().optional(),
  /** what a valid member pays instead of `priceFen`, integer fen; null or absent: no member price */
  memberPriceFen: fen.min(1).nullable().optional(),
  /** learners who bought it, kept by payCallback for "best-selling" sorting */
  salesCount: z.number().int().min(0),
  lessonCount: z.number().int().min(0),
  /**
   * published reviews: their count and the sum of their ratings, kept in the
   * same transaction as every review change (shared/reviews), and the average
   * worked out from them each time (courseRating), so it never drifts
   */
  ratingCount: z.number().int().min(0),
  ratingSum: z.number().int().min(0),
  ratingAvg: z.number().min(0).max(5),
  /** lower-cased title, subtitle and instructor, for keyword search */
  searchText: z.string(),
  chapters: z.array(chapterSchema).max(50),
  createdAt: serverDate,
  updatedAt: serverDate,
  publishedAt: serverDate.nullable(),
});
export type CourseDoc = z.infer<typeof courseSchema>;

/** The average of `sum` over `count` ratings to one decimal, 0 for none. */
export const ratingAvgOf = (sum: number, count: number): number => (count > 0 ? Math.round((sum * 10) / count) / 10 : 0);

/** A course's rating fields from its published reviews' count and sum. */
export const courseRating = (ratingSum: number, ratingCount: number): Pick<CourseDoc, 'ratingSum' | 'ratingCount' | 'ratingAvg'> => ({
  ratingSum,
  ratingCount,
  ratingAvg: ratingAvgOf(ratingSum, ratingCount),
});
