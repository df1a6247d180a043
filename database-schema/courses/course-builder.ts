/**
 * A course's content made into its document, in one place: for adminSaveCourse,
 * `npm run ops -- import-courses` and the demo seed alike. Pure (no SDK), and
 * next to the schema it builds, so every layer above can use it.
 */
import { courseRating, courseSchema, type CourseDoc } from './schema';

/**
 * What a course is made of, as an operator writes it (typings/admin-api.ts
 * `courseInputSchema` parses into this): status, sales, counts, search text
 * and times are derived or kept.
 */
export type CourseContent = { id: string } & Pick<
  CourseDoc,
  'title' | 'subtitle' | 'instructor' | 'description' | 'categoryId' | 'coverFileId' | 'priceFen' | 'memberIncluded' | 'memberPriceFen' | 'chapters'
>;

/** What a course keeps across a save: its status, sales, dates and rating (none for a new course). */
export type CourseHistory = Pick<CourseDoc, 'status' | 'salesCount' | 'createdAt' | 'publishedAt'> & Partial<Pick<CourseDoc, 'ratingSum' | 'ratingCount'>>;

export const lessonIdsOf = (course: Pick<CourseDoc, 'chapters'>): string[] => course.chapters.flatMap((ch) => ch.lessons.map((l) => l.id));

/** What is wrong inside one course on its own: repeated chapter or lesson IDs, a member price not below the price. */
export function courseProblems(input: Pick<CourseContent, 'chapters'> & Partial<Pick<CourseContent, 'priceFen' | 'memberPriceFen'>>): string[] {
  const problems: string[] = [];
  const seen = (ids: string[], what: string) => {
    const dupes = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (dupes.length) problems.push(`${what} ID 重复：${dupes.join(', ')}`);
  };
  seen(input.chapters.map((c) => c.id), '章节');
  seen(lessonIdsOf(input), '课时');
  if (lessonIdsOf(input).length === 0) problems.push('至少需要一个课时');
  // a member price at or above the price would be no benefit (the pricing engine would ignore it)
  if (input.memberPriceFen != null && input.priceFen !== undefined && input.memberPriceFen >= input.priceFen) {
    problems.push(`会员价（${input.memberPriceFen} 分）须低于原价（${input.priceFen} 分）`);
  }
  return problems;
}

/**
 * The document: content from the input; status, sales and publication kept
 * from the existing document (a new course starts as a draft); counts and
 * search text derived. Validated by the collection's own schema.
 */
export function buildCourseDoc(input: CourseContent, existing: CourseHistory | null, now: Date): CourseDoc {
  return courseSchema.parse({
    _id: input.id,
    title: input.title,
    subtitle: input.subtitle,
    instructor: input.instructor,
    description: input.description,
    categoryId: input.categoryId,
    coverFileId: input.coverFileId,
    priceFen: input.priceFen,
    // written on every save, so a course saved since membership never lacks them
    memberIncluded: input.memberIncluded ?? false,
    memberPriceFen: input.memberPriceFen ?? null,
    status: existing?.status ?? 'draft',
    salesCount: existing?.salesCount ?? 0,
    lessonCount: lessonIdsOf(input).length,
    ...courseRating(existing?.ratingSum ?? 0, existing?.ratingCount ?? 0),
    searchText: [input.title, input.subtitle, input.instructor].join(' ').toLowerCase(),
    chapters: input.chapters,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    publishedAt: existing?.publishedAt ?? null,
  });
}
