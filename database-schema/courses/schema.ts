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
  /** learners who bought it, kept by payCallback for "best-selling" sorting */
  salesCount: z.number().int().min(0),
  lessonCount: z.number().int().min(0),
  /** lower-cased title, subtitle and instructor, for keyword search */
  searchText: z.string(),
  chapters: z.array(chapterSchema).max(50),
  createdAt: serverDate,
  updatedAt: serverDate,
  publishedAt: serverDate.nullable(),
});
export type CourseDoc = z.infer<typeof courseSchema>;
