/**
 * A course's documents → what pages show (typings/entities.ts). The only place
 * that decides what leaves the cloud: never a paid lesson's file ID.
 */
import type { CourseDoc, LessonDoc } from '../../../database-schema/courses/schema';
import type { CourseCard, CourseDetail, LessonSummary } from '../../../typings/entities';
import type { CoverUrls } from '../platform/media';
import { toMillis } from '../platform/time';

/** The course fields a card needs: a projection, so lists never load lessons. */
export const COURSE_CARD_FIELDS = {
  _id: true,
  title: true,
  subtitle: true,
  instructor: true,
  categoryId: true,
  coverFileId: true,
  priceFen: true,
  salesCount: true,
  lessonCount: true,
  memberIncluded: true,
  memberPriceFen: true,
} as const;

export type CourseCardDoc = Pick<CourseDoc, '_id' | keyof typeof COURSE_CARD_FIELDS>;

/** `covers`: temp URLs of the covers (media.ts coverUrls), fetched once for a whole list. */
export function toCourseCard(doc: CourseCardDoc, owned: boolean, covers: CoverUrls): CourseCard {
  return {
    id: doc._id,
    title: doc.title,
    subtitle: doc.subtitle,
    instructor: doc.instructor,
    categoryId: doc.categoryId,
    coverUrl: covers.get(doc.coverFileId) ?? '',
    priceFen: doc.priceFen,
    salesCount: doc.salesCount,
    lessonCount: doc.lessonCount,
    owned,
    // courses saved before membership have neither
    memberIncluded: doc.memberIncluded ?? false,
    memberPriceFen: doc.memberPriceFen ?? null,
  };
}

/** What anyone may see of a lesson: never its media or body. */
export const toLessonSummary = (l: LessonDoc): LessonSummary => ({ id: l.id, title: l.title, kind: l.kind, durationSec: l.durationSec, freePreview: l.freePreview });

export function toCourseDetail(doc: CourseDoc, owned: boolean, covers: CoverUrls): CourseDetail {
  return {
    ...toCourseCard(doc, owned, covers),
    description: doc.description,
    publishedAt: toMillis(doc.publishedAt),
    // a course saved before ratings were kept has none
    ratingAvg: doc.ratingAvg ?? 0,
    ratingCount: doc.ratingCount ?? 0,
    chapters: doc.chapters.map((ch) => ({
      id: ch.id,
      title: ch.title,
      lessons: ch.lessons.map(toLessonSummary),
    })),
  };
}
