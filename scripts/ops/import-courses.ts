/**
 * `import-courses <file>`: courses from JSON (an array of courses, as
 * adminSaveCourse takes them) or CSV (a row a lesson), validated with the
 * same zod schemas as the functions, then written all in one transaction, or
 * not at all.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { lessonSchema, type CourseDoc } from '../../database-schema/courses/schema';
import { buildCourseDoc, courseProblems, lessonIdsOf } from '../../database-schema/courses/course-builder';
import { courseInputSchema, type ParsedCourseInput } from '../../typings/admin-api';
import type { Command } from './command';
import { parseCsv } from './csv';
import { inTransaction, readAll, UsageError, type TcbDb } from './tcb';

/** A problem, and where in the file it is: `row 3` (CSV line) or `course 2` (JSON index). */
export interface Rejection {
  where: string;
  courseId: string;
  problems: string[];
}

interface Candidate {
  where: string;
  /** every place it came from: all its CSV rows */
  places: string[];
  raw: unknown;
}

const issuesOf = (error: z.ZodError): string[] => error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));

export const CSV_COLUMNS = [
  'courseId', 'title', 'subtitle', 'instructor', 'description', 'categoryId', 'coverFileId', 'priceFen',
  'chapterId', 'chapterTitle', 'lessonId', 'lessonTitle', 'kind', 'durationSec', 'freePreview', 'mediaFileId', 'body',
] as const;
const COURSE_COLUMNS = ['title', 'subtitle', 'instructor', 'description', 'categoryId', 'coverFileId', 'priceFen'] as const;

/** A text cell as the number zod checks: `19.9` stays 19.9 and is refused as fen; `abc` is NaN and refused. */
const numberCell = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));
const booleanCell = (text: string): boolean | string => (/^(true|1|yes|是)$/i.test(text.trim()) ? true : /^(false|0|no|否|)$/i.test(text.trim()) ? false : text);

/** CSV rows grouped into courses, rows that cannot be read rejected on their own. */
function candidatesFromCsv(text: string): { candidates: Candidate[]; rejections: Rejection[] } {
  const rows = parseCsv(text);
  const header = rows.shift()?.map((h) => h.trim()) ?? [];
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new UsageError(`the CSV header lacks ${missing.join(', ')}; columns: ${CSV_COLUMNS.join(',')}`);
  const rejections: Rejection[] = [];
  const courses = new Map<string, { places: string[]; course: Record<string, unknown>; chapters: Map<string, { id: string; title: string; lessons: unknown[] }> }>();
  rows.forEach((cells, i) => {
    const where = `row ${i + 2}`;
    const cell = (name: (typeof CSV_COLUMNS)[number]) => cells[header.indexOf(name)]?.trim() ?? '';
    const courseId = cell('courseId');
    const lesson = {
      id: cell('lessonId'),
      title: cell('lessonTitle'),
      kind: cell('kind'),
      durationSec: numberCell(cell('durationSec')) ?? 0,
      freePreview: booleanCell(cell('freePreview')),
      ...(cell('kind') === 'article' ? { body: cells[header.indexOf('body')] ?? '' } : { mediaFileId: cell('mediaFileId') }),
    };
    const problems: string[] = [];
    if (!courseId) problems.push('courseId: 必填');
    if (!cell('chapterId') || !cell('chapterTitle')) problems.push('chapterId, chapterTitle: 必填');
    const parsedLesson = lessonSchema.safeParse(lesson);
    if (!parsedLesson.success) problems.push(...issuesOf(parsedLesson.error).map((p) => `lesson ${p}`));
    const entry = courses.get(courseId);
    if (entry) {
      // course columns: on the first row of a course; later rows leave them empty or repeat them
      for (const column of COURSE_COLUMNS) {
        const value = cell(column);
        const first = String(entry.course[column] ?? '');
        if (value !== '' && value !== first) problems.push(`${column}: 与该课程第一行不一致（${first}）`);
      }
    }
    if (problems.length) {
      rejections.push({ where, courseId, problems });
      return;
    }
    const course =
      entry ??
      (() => {
        const fresh = {
          places: [] as string[],
          course: {
            id: courseId,
            title: cell('title'),
            subtitle: cell('subtitle'),
            instructor: cell('instructor'),
            description: cells[header.indexOf('description')] ?? '',
            categoryId: cell('categoryId'),
            coverFileId: cell('coverFileId'),
            priceFen: numberCell(cell('priceFen')),
          } as Record<string, unknown>,
          chapters: new Map<string, { id: string; title: string; lessons: unknown[] }>(),
        };
        courses.set(courseId, fresh);
        return fresh;
      })();
    course.places.push(where);
    const chapterId = cell('chapterId');
    if (!course.chapters.has(chapterId)) course.chapters.set(chapterId, { id: chapterId, title: cell('chapterTitle'), lessons: [] });
    course.chapters.get(chapterId)!.lessons.push(parsedLesson.data);
  });
  const candidates = [...courses.values()].map((c) => ({
    where: c.places[0]!,
    places: c.places,
    raw: { ...c.course, chapters: [...c.chapters.values()] },
  }));
  return { candidates, rejections };
}

function candidatesFromJson(text: string): Candidate[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { courses?: unknown })?.courses;
  if (!Array.isArray(list)) throw new UsageError('the JSON must be an array of courses, or {"courses": [...]}');
  return list.map((raw, i) => ({ where: `course ${i + 1}`, places: [`course ${i + 1}`], raw }));
}

export interface ImportPlan {
  courses: CourseDoc[];
  created: number;
  updated: number;
  rejections: Rejection[];
}

/** Reads and checks a file against the cloud's categories and courses; writes nothing. */
export async function planImport(db: TcbDb, file: string, text: string, now = new Date()): Promise<ImportPlan> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.csv') throw new UsageError(`${file}: a .json or .csv file`);
  const { candidates, rejections } = ext === '.csv' ? candidatesFromCsv(text) : { candidates: candidatesFromJson(text), rejections: [] as Rejection[] };

  const valid: { candidate: Candidate; input: ParsedCourseInput }[] = [];
  for (const candidate of candidates) {
    const parsed = courseInputSchema.safeParse(candidate.raw);
    const courseId = String((candidate.raw as { id?: unknown })?.id ?? '');
    if (!parsed.success) {
      rejections.push({ where: candidate.places.join(', '), courseId, problems: issuesOf(parsed.error) });
      continue;
    }
    const problems = courseProblems(parsed.data);
    if (problems.length) rejections.push({ where: candidate.places.join(', '), courseId, problems });
    else valid.push({ candidate, input: parsed.data });
  }

  const [categories, existing] = await Promise.all([
    readAll<{ _id: string }>(db, 'categories', {}, { projection: { _id: true } }),
    readAll<CourseDoc>(db, 'courses', {}),
  ]);
  const categoryIds = new Set(categories.map((c) => c._id));
  const existingById = new Map(existing.map((c) => [c._id, c]));
  const updatedIds = valid.map((v) => v.input.id).filter((id) => existingById.has(id));
  const owners = new Set(
    updatedIds.length
      ? (await readAll<{ courseId: string }>(db, 'entitlements', { courseId: db.command.in(updatedIds), status: 'active' }, { projection: { courseId: true } })).map(
          (e) => e.courseId,
        )
      : [],
  );
  const lessonOwner = new Map<string, string>();
  for (const course of existing) for (const id of lessonIdsOf(course)) lessonOwner.set(id, course._id);
  const seenIds = new Map<string, string>();
  for (const { input } of valid) {
    for (const id of lessonIdsOf(input)) if (!seenIds.has(id)) seenIds.set(id, input.id);
  }

  const courses: CourseDoc[] = [];
  let created = 0;
  const seenCourses = new Set<string>();
  for (const { candidate, input } of valid) {
    const problems: string[] = [];
    if (!categoryIds.has(input.categoryId)) problems.push(`categoryId: 分类 ${input.categoryId} 不存在`);
    if (seenCourses.has(input.id)) problems.push(`课程 ${input.id} 在文件中出现了两次`);
    seenCourses.add(input.id);
    const borrowed = lessonIdsOf(input).filter((id) => (lessonOwner.get(id) ?? input.id) !== input.id || seenIds.get(id) !== input.id);
    if (borrowed.length) problems.push(`课时 ID 已被其他课程使用：${borrowed.join(', ')}`);
    const before = existingById.get(input.id) ?? null;
    if (before && owners.has(input.id)) {
      const kept = new Set(lessonIdsOf(input));
      const removed = lessonIdsOf(before).filter((id) => !kept.has(id));
      if (removed.length) problems.push(`已有学员购买，不能删除课时：${removed.join(', ')}`);
    }
    if (problems.length) {
      rejections.push({ where: candidate.places.join(', '), courseId: input.id, problems });
      continue;
    }
    if (!before) created += 1;
    courses.push(buildCourseDoc(input, before, now));
  }
  return { courses, created, updated: courses.length - created, rejections };
}

/** Every course in one transaction: all of them, or none. */
async function writeAll(db: TcbDb, courses: CourseDoc[]): Promise<void> {
  await inTransaction(db, async (transaction) => {
    for (const course of courses) {
      const { _id, ...data } = course;
      await transaction.collection('courses').doc(_id).set(data);
    }
    return true;
  });
}

export const importCourses: Command = {
  name: 'import-courses',
  summary: 'Creates or updates courses from a JSON or CSV file. Every row is checked first; if any is rejected, nothing is imported.',
  usage: '<file.json|file.csv> [--dry-run]',
  details: [
    'JSON: an array of courses as adminSaveCourse takes them ({id, title, subtitle, instructor, description,',
    '  categoryId, coverFileId, priceFen, chapters: [{id, title, lessons: [{id, title, kind, durationSec, freePreview, mediaFileId | body}]}]}).',
    `CSV: one row a lesson, columns ${CSV_COLUMNS.join(',')};`,
    '  course columns on a course\'s first row (later rows empty or the same). Prices in fen (9900 = ¥99.00);',
    '  media as cloud:// file IDs. New courses start as drafts: publish them with adminSetCourseStatus.',
    '  --dry-run        check the file and report, write nothing',
  ],
  options: { 'dry-run': { type: 'boolean', default: false } },
  async run({ positionals, values, io, target }) {
    const file = positionals[0];
    if (!file) throw new UsageError('which file?');
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new UsageError(`cannot read ${file}: ${error.message}`);
    });
    const t = target();
    io.err(`checking ${file} against ${t.describe}`);
    const plan = await planImport(t.db, file, text);
    if (plan.rejections.length) {
      io.err(`rejected ${plan.rejections.length} ${plan.rejections.length === 1 ? 'entry' : 'entries'}; nothing imported:`);
      for (const r of plan.rejections) io.err(`  ${r.where}${r.courseId ? ` (${r.courseId})` : ''}: ${r.problems.join('; ')}`);
      return 1;
    }
    if (plan.courses.length === 0) {
      io.out('no courses in the file');
      return 1;
    }
    if (values['dry-run']) {
      io.out(`would import ${plan.courses.length} courses (${plan.created} new, ${plan.updated} updated); --dry-run: nothing written`);
      return 0;
    }
    io.err(`writing ${plan.courses.length} courses in one transaction`);
    await writeAll(t.db, plan.courses);
    io.out(`imported ${plan.courses.length} courses (${plan.created} new, ${plan.updated} updated)`);
    return 0;
  },
};
