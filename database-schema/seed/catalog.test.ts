import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { categorySchema } from '../categories/schema';
import { buildSeedCourses, seedCategories, seedCourses, seedMediaFiles, squareCoverOf } from './catalog';

const fileIdOf = (p: string) => `cloud://demo-env.6465-demo-env/${p}`;

describe('the demo catalog', () => {
  const courses = buildSeedCourses(fileIdOf);
  const lessons = courses.flatMap((c) => c.chapters.flatMap((ch) => ch.lessons));

  it('has at least 8 published courses in at least 4 categories, all valid', () => {
    expect(courses.length).toBeGreaterThanOrEqual(8);
    seedCategories.forEach((c) => categorySchema.parse(c));
    const used = new Set(courses.map((c) => c.categoryId));
    expect(used.size).toBeGreaterThanOrEqual(4);
    for (const id of used) expect(seedCategories.map((c) => c._id)).toContain(id);
  });

  it('has lessons of every kind, free previews, and integer prices in fen', () => {
    expect(new Set(lessons.map((l) => l.kind))).toEqual(new Set(['video', 'audio', 'article', 'ebook']));
    for (const c of courses) {
      expect(Number.isInteger(c.priceFen) && c.priceFen > 0).toBe(true);
      expect(c.chapters.flatMap((ch) => ch.lessons).some((l) => l.freePreview)).toBe(true);
      expect(c.chapters.flatMap((ch) => ch.lessons).some((l) => !l.freePreview)).toBe(true);
      expect(c.lessonCount).toBe(c.chapters.flatMap((ch) => ch.lessons).length);
    }
  });

  it('gives every lesson a unique id, since getLesson finds a lesson by it alone', () => {
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
  });

  it('ships every media file it uses, each small', () => {
    for (const file of seedMediaFiles) {
      const p = path.join(__dirname, 'media', file);
      expect(existsSync(p), file).toBe(true);
      expect(statSync(p).size).toBeLessThan(100 * 1024);
    }
    expect(courses[0]!.coverFileId).toBe(fileIdOf('seed/cover-1.jpg'));
  });

  it('gives every course its own JPEG cover and square variant, each at most 60 KB', () => {
    expect(new Set(seedCourses.map((c) => c.cover)).size).toBe(seedCourses.length);
    for (const c of seedCourses) {
      for (const file of [c.cover, squareCoverOf(c.cover)]) {
        const bytes = readFileSync(path.join(__dirname, 'media', file));
        // JPEG's start-of-image marker: make-covers.ts writes JPEG, whatever the name says
        expect([...bytes.subarray(0, 3)], file).toEqual([0xff, 0xd8, 0xff]);
        expect(bytes.length, file).toBeLessThanOrEqual(60 * 1024);
      }
    }
    expect(squareCoverOf('cover-1.jpg')).toBe('cover-1-square.jpg');
  });
});
