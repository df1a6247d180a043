/** The demo catalog is what an operator could have written: `ops seed` and `ops import-courses` make the same courses. */
import { describe, expect, it } from 'vitest';
import { buildCourseDoc, courseProblems } from '../../database-schema/courses/course-builder';
import { buildSeedCourses, seedCourseContent, seedCourses } from '../../database-schema/seed/catalog';
import { courseInputSchema } from '../../typings/admin-api';

const fileIdOf = (p: string) => `cloud://local-dev.bucket/${p}`;

describe('the seed courses', () => {
  it('are operators’ course inputs as they are, without problems', () => {
    for (const course of seedCourses) {
      const content = seedCourseContent(course, fileIdOf);
      expect(courseInputSchema.parse(content), course.id).toEqual(content);
      expect(courseProblems(content), course.id).toEqual([]);
    }
  });

  it('are the documents the course builder makes of them, published and sold', () => {
    for (const doc of buildSeedCourses(fileIdOf)) {
      const course = seedCourses.find((c) => c.id === doc._id)!;
      expect(doc).toEqual(buildCourseDoc(seedCourseContent(course, fileIdOf), doc, doc.updatedAt));
      expect(doc).toMatchObject({ status: 'published', salesCount: course.salesCount, publishedAt: doc.createdAt });
    }
  });
});
