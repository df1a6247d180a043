import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { categorySchema, collectionNames, courseSchema, paymentSettingsSchema } from '../database-schema';
import { writeConsoleFiles } from './console-files';

/** The console's JSON Lines back to documents, `{"$date": ISO}` to Date. */
function parseLines(text: string): unknown[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line, (_key, value) => (value && typeof value === 'object' && Object.keys(value).length === 1 && typeof value.$date === 'string' ? new Date(value.$date) : value)));
}

it('writes each collection rule and indexes, and the seed catalog in the console import format with the env file IDs', async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'console-'));
  await writeConsoleFiles(out, 'shop-prod-1a2b', '7368-shop-prod-1a2b-1300000000');
  for (const name of collectionNames) {
    const rule = JSON.parse(await readFile(path.join(out, `${name}.rule.json`), 'utf8'));
    expect(Object.keys(rule).sort()).toEqual(['read', 'write']);
    const indexes = JSON.parse(await readFile(path.join(out, `${name}.indexes.json`), 'utf8'));
    expect(Array.isArray(indexes)).toBe(true);
    for (const index of indexes) expect(index).toMatchObject({ IndexName: expect.any(String), MgoKeySchema: { MgoIsUnique: expect.any(Boolean), MgoIndexKeys: expect.any(Array) } });
  }
  // no client reads storage by file ID: paid media only through getLesson's temp URLs
  expect(JSON.parse(await readFile(path.join(out, 'storage.rule.json'), 'utf8'))).toEqual({
    read: 'resource.openid == auth.openid',
    write: 'resource.openid == auth.openid',
  });
  const coursesText = await readFile(path.join(out, 'courses.json'), 'utf8');
  expect(coursesText.startsWith('{"_id":')).toBe(true);
  expect(coursesText).toContain('"createdAt":{"$date":"2026-09-01T02:00:00.000Z"}');
  const courses = parseLines(coursesText).map((doc) => courseSchema.parse(doc));
  expect(courses).toHaveLength(9);
  expect(courses[0]!.coverFileId).toBe('cloud://shop-prod-1a2b.7368-shop-prod-1a2b-1300000000/seed/cover-1.jpg');
  expect(parseLines(await readFile(path.join(out, 'categories.json'), 'utf8')).map((d) => categorySchema.parse(d))).toHaveLength(5);
  expect(paymentSettingsSchema.parse(parseLines(await readFile(path.join(out, 'settings.json'), 'utf8'))[0])).toMatchObject({ _id: 'payment' });
  expect(existsSync(path.join(out, 'media/seed/cover-1.jpg'))).toBe(true);
});
