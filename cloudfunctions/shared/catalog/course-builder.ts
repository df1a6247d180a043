/**
 * An operator's course (typings/admin-api.ts `courseInputSchema`) made into
 * the course document, for adminSaveCourse and `npm run ops -- import-courses`
 * alike. Pure: no SDK, so the command line imports it too.
 */
import { courseSchema, type CourseDoc } from '../../../database-schema/courses/schema';
import type { ParsedCourseInput } from '../../../typings/admin-api';

export const lessonIdsOf = (course: Pick<CourseDoc, 'chapters'>): string[] => course.chapters.flatMap((ch) => ch.lessons.map((l) => l.id));

/** What is wrong inside one course on its own: repeated chapter or lesson IDs. */
export function courseProblems(input: Pick<ParsedCourseInput, 'chapters'>): string[] {
  const problems: string[] = [];
  const seen = (ids: string[], what: string) => {
    const dupes = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (dupes.length) problems.push(`${what} ID 重复：${dupes.join(', ')}`);
  };
  seen(input.chapters.map((c) => c.id), '章节');
  seen(lessonIdsOf(input), '课时');
  if (lessonIdsOf(input).length === 0) problems.push('至少需要一个课时');
  return problems;
}

/**
 * The document: content from the input; status, sales and publication kept
 * from the existing document (a new course starts as a draft); counts and
 * search text derived. Validated by the collection's own schema.
 */
export function buildCourseDoc(input: ParsedCourseInput, existing: CourseDoc | null, now: Date): CourseDoc {
  return courseSchema.parse({
    _id: input.id,
    title: input.title,
    subtitle: input.subtitle,
    instructor: input.instructor,
    description: input.description,
    categoryId: input.categoryId,
    coverFileId: input.coverFileId,
    priceFen: input.priceFen,
    status: existing?.status ?? 'draft',
    salesCount: existing?.salesCount ?? 0,
    lessonCount: lessonIdsOf(input).length,
    searchText: [input.title, input.subtitle, input.instructor].join(' ').toLowerCase(),
    chapters: input.chapters,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    publishedAt: existing?.publishedAt ?? null,
  });
}
