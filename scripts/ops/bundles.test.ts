/** `npm run ops -- bundles --local`: list, create from a file (checked locally, or a dry run), and the re-grant, through the operator functions. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitlementId } from '../../database-schema/entitlements/schema';
import { demoCloudForSuite } from '../../test/cloud/demo';
import { holdBundle } from '../../test/cloud/holdings';
import { opsOn } from '../../test/cloud/ops';

const suite = demoCloudForSuite();
const ops = opsOn(() => suite.cloud);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ops-bundles-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: unknown): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

const humanities = { id: 'humanities', title: '人文专栏', coverFileId: 'cloud://local-dev.bucket/seed/cover-4.jpg', courseIds: ['course-song', 'course-art'], priceFen: 15900, status: 'published' };

describe('ops bundles', () => {
  it('lists the bundles with their prices and courses', async () => {
    const listed = await ops('bundles');
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.out).toContain('1 bundles on the local emulator');
    expect(listed.out).toMatch(/fullstack {2}published {2}39900 fen \(courses 59700 fen\)/);
    expect(listed.out).toContain('course-ts, course-cloud, course-time');
  });

  it('creates a bundle from a file, a dry run first writing nothing', async () => {
    const p = await file('humanities.json', humanities);
    const dry = await ops('bundles', '--create', p, '--dry-run');
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toContain('would create humanities');
    expect(await suite.cloud.find('bundles', { _id: 'humanities' })).toEqual([]);
    const created = await ops('bundles', '--create', p);
    expect(created.out).toContain('created humanities; 0 courses granted to its holders');
    expect((await suite.cloud.find('bundles', { _id: 'humanities' }))[0]).toMatchObject({ priceFen: 15900, status: 'published', subtitle: '', salesCount: 0 });
  });

  it('grants a course added by an update to the bundle’s holders, and re-grants after a save that stopped', async () => {
    const { db, cloud } = suite;
    const order = await holdBundle(db, 'o_ops_bd', { id: 'humanities', title: '人文专栏', priceFen: 15900 }, ['course-song', 'course-art']);
    const updated = await ops('bundles', '--create', await file('more.json', [{ ...humanities, courseIds: [...humanities.courseIds, 'course-english'] }]));
    expect(updated.out).toContain('updated humanities; 1 courses granted to its holders');
    expect((await cloud.find('orders', { _id: order._id }))[0]!.grantedCourseIds).toEqual(['course-song', 'course-art', 'course-english']);

    await db.collection('bundles').doc('humanities').update({ data: { courseIds: [...humanities.courseIds, 'course-english', 'course-sleep'] } });
    const regrant = await ops('bundles', '--regrant', 'humanities');
    expect(regrant).toMatchObject({ code: 0 });
    expect(regrant.out).toContain('humanities: 1 courses granted to the holders of 1 paid orders');
    expect((await cloud.find('entitlements', { _id: entitlementId('o_ops_bd', 'course-sleep') }))[0]).toMatchObject({ status: 'active', source: 'bundle', orderId: order._id });
    expect((await ops('bundles', '--regrant', 'humanities')).out).toContain('0 courses granted');
  });

  it('refuses a file that does not pass the schema before sending anything, naming the problems', async () => {
    const bad = await ops('bundles', '--create', await file('bad.json', [{ ...humanities, id: 'fine-one' }, { ...humanities, id: 'Bad_Id', priceFen: 9.9, extra: true }]));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('nothing sent');
    expect(bad.err).toMatch(/bundle 2 \(Bad_Id\): id:/);
    expect(bad.err).toMatch(/bundle 2 \(Bad_Id\): priceFen:/);
    expect(bad.err).toContain('extra');
    expect(await suite.cloud.find('bundles', { _id: 'fine-one' })).toEqual([]);
    const missing = await ops('bundles', '--create', await file('missing.json', { ...humanities, id: 'missing-course', courseIds: ['no-such-course'] }));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no-such-course');
  });

  it('answers usage errors with exit 2', async () => {
    expect((await ops('bundles', '--create', await file('not.json', '{oops'))).code).toBe(2);
    expect((await ops('bundles', '--create', path.join(dir, 'absent.json'))).code).toBe(2);
    expect((await ops('bundles', '--dry-run')).code).toBe(2);
    expect((await ops('bundles', '--regrant', 'x', '--create', 'y')).code).toBe(2);
    expect((await ops('bundles', 'stray')).code).toBe(2);
    expect((await ops('bundles', '--regrant', 'nope')).err).toContain('NOT_FOUND');
  });
});
