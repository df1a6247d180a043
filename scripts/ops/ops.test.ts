/**
 * `npm run ops -- <command> --local` against a running emulator: the
 * commands in process through tcb-admin-node, and once as a process of its own.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDay } from '../../cloudfunctions/shared/orders/revenue';
import { collectionNames } from '../../database-schema';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { buyCourse, dataOf } from '../../test/cloud/demo';
import { startTestCloud, type TestCloud } from '../../test/cloud/index';
import { opsOn } from '../../test/cloud/ops';
import { useSdk } from '../../test/cloud/sdk';
import { ROOT } from '../../lib/paths';
import { COMMANDS, runOps } from './cli';
import { CSV_COLUMNS } from './import-courses';
import { ORDER_CSV_HEADER } from './orders';
import { connect } from './tcb';

let cloud: TestCloud;
let dir: string;
beforeAll(async () => {
  cloud = await startTestCloud();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ops-'));
}, 60_000);
afterAll(() => cloud?.stop());

const ops = opsOn(() => cloud);

const today = beijingDay(new Date());
const since = beijingDay(new Date(Date.now() - 24 * 3600_000));
const cover = 'cloud://local-dev.bucket/seed/cover-1.jpg';

describe('help', () => {
  it('answers --help on every command, and lists them all', async () => {
    for (const command of COMMANDS) {
      const { code, out } = await ops(command.name, '--help');
      expect(code, command.name).toBe(0);
      expect(out).toContain(`npm run ops -- ${command.name}`);
      expect(out).toContain('--local');
    }
    const overview = await ops('--help');
    for (const command of COMMANDS) expect(overview.out).toContain(command.name);
    expect((await ops('nonsense')).code).toBe(2);
    expect((await ops('grant', '--bogus')).code).toBe(2);
  });

  it('refuses a real environment without its keys, naming what is missing', async () => {
    const err: string[] = [];
    const code = await runOps(['stats'], { out: () => undefined, err: (t) => err.push(t) }, {});
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY/);
  });
});

describe('against the emulator', () => {
  it('seed: loads the demo catalog with its media, twice without change', async () => {
    const first = await ops('seed');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`seeded ${collectionNames.length} collections, \\d+ files, 5 categories, 9 courses`));
    expect(first.err).toContain('media 1/');
    expect(await cloud.find('courses')).toHaveLength(9);
    const [course] = await cloud.find('courses', { _id: 'course-time' });
    expect(course!.coverFileId).toMatch(/^cloud:\/\/.+\/seed\/cover-1\.jpg$/);
    // the uploaded cover serves
    const sdk = useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' }));
    const [link] = (await sdk.getTempFileURL({ fileList: [course!.coverFileId as string] })).fileList;
    const served = await fetch(link!.tempFileURL);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect([...Buffer.from(await served.arrayBuffer()).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]); // JPEG's start of image
    expect((await cloud.find('users', { _id: DEMO_OPERATOR_OPENID }))[0]).toMatchObject({ role: 'operator' });
    expect((await ops('seed')).code).toBe(0);
    expect(await cloud.find('courses')).toHaveLength(9);
  });

  it('import-courses: a JSON file, then a CSV with bad rows that imports nothing, then the CSV fixed', async () => {
    const json = path.join(dir, 'courses.json');
    await writeFile(
      json,
      JSON.stringify([
        {
          id: 'import-json',
          title: '导入的课程',
          instructor: '讲师',
          categoryId: 'tech',
          coverFileId: cover,
          priceFen: 4900,
          chapters: [{ id: 'import-json-c1', title: '一', lessons: [{ id: 'import-json-l1', title: '文章', kind: 'article', body: '<p>x</p>', durationSec: 60, freePreview: true }] }],
        },
      ]),
    );
    const imported = await ops('import-courses', json);
    expect(imported).toMatchObject({ code: 0, out: 'imported 1 courses (1 new, 0 updated)' });
    expect((await cloud.find('courses', { _id: 'import-json' }))[0]).toMatchObject({ status: 'draft', priceFen: 4900, lessonCount: 1, createdAt: expect.any(Date) });

    const header = CSV_COLUMNS.join(',');
    const good = [
      `csv-one,CSV 课程,副标题,讲师,"简介, 带逗号",tech,${cover},9900,csv-one-c1,第一章,csv-one-l1,开篇,video,30,true,cloud://local-dev.bucket/v.mp4,`,
      `csv-one,,,,,,,,csv-one-c1,第一章,csv-one-l2,正文,article,120,false,,"<p>正文 ""引号""</p>"`,
      `csv-two,另一门,,讲师,,career,${cover},1990,csv-two-c1,章,csv-two-l1,音频,audio,5,false,cloud://local-dev.bucket/a.mp3,`,
    ];
    const bad = [
      ...good.slice(0, 2),
      `csv-two,另一门,,讲师,,career,${cover},19.9,csv-two-c1,章,csv-two-l1,音频,audio,5,false,cloud://local-dev.bucket/a.mp3,`,
      `csv-three,第三门,,讲师,,career,${cover},100,csv-three-c1,章,csv-three-l1,视频,video,5,false,/local/file.mp4,`,
      `csv-four,第四门,,讲师,,nope,${cover},100,csv-four-c1,章,course-time-l1,借来的,article,5,false,,<p>x</p>`,
    ];
    const badFile = path.join(dir, 'bad.csv');
    await writeFile(badFile, [header, ...bad].join('\r\n'));
    const rejected = await ops('import-courses', badFile);
    expect(rejected.code).toBe(1);
    expect(rejected.err).toContain('nothing imported');
    expect(rejected.err).toMatch(/row 4 \(csv-two\): priceFen/);
    expect(rejected.err).toMatch(/row 5 \(csv-three\): lesson mediaFileId/);
    expect(rejected.err).toMatch(/row 6 \(csv-four\): .*分类 nope 不存在.*course-time-l1/);
    expect(rejected.err).not.toMatch(/row 2|row 3/);
    expect(await cloud.find('courses', { _id: { $in: ['csv-one', 'csv-two', 'csv-three', 'csv-four'] } })).toEqual([]);

    const goodFile = path.join(dir, 'good.csv');
    await writeFile(goodFile, [header, ...good].join('\n'));
    expect((await ops('import-courses', goodFile, '--dry-run')).out).toContain('would import 2 courses');
    expect(await cloud.find('courses', { _id: 'csv-one' })).toEqual([]);
    expect(await ops('import-courses', goodFile)).toMatchObject({ code: 0, out: 'imported 2 courses (2 new, 0 updated)' });
    const [one] = await cloud.find('courses', { _id: 'csv-one' });
    expect(one).toMatchObject({ description: '简介, 带逗号', lessonCount: 2, priceFen: 9900 });
    expect((one!.chapters as { lessons: { body?: string; freePreview: boolean }[] }[])[0]!.lessons.map((l) => [l.freePreview, l.body])).toEqual([
      [true, undefined],
      [false, '<p>正文 "引号"</p>'],
    ]);
    expect(await ops('import-courses', goodFile)).toMatchObject({ code: 0, out: 'imported 2 courses (0 new, 2 updated)' });
  });

  it('export-orders: the orders of the range as CSV, in fen and yuan, Beijing time', async () => {
    const paid = await buyCourse(cloud, 'o_ops_buyer', 'course-time');
    const { order: unpaid } = await dataOf(cloud, 'o_ops_other', 'createOrder', { courseId: 'course-ts' });
    const out = path.join(dir, 'orders.csv');
    const exported = await ops('export-orders', '--from', since, '--to', today, '--out', out);
    expect(exported).toMatchObject({ code: 0, out: `wrote 2 orders to ${out}` });
    const lines = (await readFile(out, 'utf8')).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe(ORDER_CSV_HEADER.join(','));
    const row = lines.find((l) => l.startsWith(paid.outTradeNo))!.split(',');
    expect(row.slice(0, 7)).toEqual([paid.outTradeNo, 'paid', 'o_ops_buyer', 'course-time', paid.courseTitle, '9900', '99.00']);
    expect(row[7]).toMatch(new RegExp(`^(${since}|${today}) \\d{2}:\\d{2}:\\d{2}$`));
    expect(row[8]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // kind, list price, discount, coupon: a course at its list price, nothing off
    expect(row.slice(-4)).toEqual(['course', '9900', '0', '']);
    expect(lines.some((l) => l.startsWith(`${unpaid.outTradeNo},unpaid,o_ops_other`))).toBe(true);

    const onlyPaid = await ops('export-orders', '--from', since, '--to', today, '--status', 'paid');
    expect(onlyPaid.out.split('\r\n')).toHaveLength(2);
    expect((await ops('export-orders', '--from', today)).code).toBe(2);
    expect((await ops('export-orders', '--from', '2026-13-01', '--to', today)).code).toBe(2);
  });

  it('stats: revenue by day and by course, orders by status', async () => {
    const { code, out } = await ops('stats', '--from', since, '--to', today);
    expect(code).toBe(0);
    // paid, refunds, net, then gross and discounts
    expect(out).toMatch(/total\s+1\s+0\s+99\.00\s+99\.00\s+0\.00/);
    expect(out).toMatch(/course-time\s+.*1\s+99\.00/);
    expect(out).toContain('orders now: unpaid 1, paid 1');
  });

  it('grant and revoke, with the reason recorded', async () => {
    expect((await ops('grant', 'o_ops_gift', 'course-ts')).code).toBe(2);
    const granted = await ops('grant', 'o_ops_gift', 'course-ts', '--reason', '客服补偿');
    expect(granted).toMatchObject({ code: 0, out: 'granted course-ts to o_ops_gift: 客服补偿' });
    expect((await cloud.find('entitlements', { openid: 'o_ops_gift', courseId: 'course-ts' }))[0]).toMatchObject({ status: 'active', source: 'grant', reason: '客服补偿', orderId: null });
    expect((await dataOf(cloud, 'o_ops_gift', 'getCourse', { courseId: 'course-ts' })).owned).toBe(true);
    expect((await ops('grant', 'o_ops_gift', 'course-ts', '--reason', '再来')).out).toContain('already owns');
    expect((await ops('grant', 'o_ops_gift', 'no-such-course', '--reason', 'x')).code).toBe(2);

    const revoked = await ops('revoke', 'o_ops_gift', 'course-ts', '--reason', '误操作');
    expect(revoked.code).toBe(0);
    expect((await cloud.find('entitlements', { openid: 'o_ops_gift', courseId: 'course-ts' }))[0]).toMatchObject({ status: 'revoked', reason: '误操作', revokedAt: expect.any(Date) });
    expect((await dataOf(cloud, 'o_ops_gift', 'getCourse', { courseId: 'course-ts' })).owned).toBe(false);
    expect((await ops('revoke', 'o_ops_gift', 'course-ts', '--reason', '再撤')).code).toBe(1);
  });

  it('reconcile: finds a planted mismatch through adminReconcile, and fixes it with --fix', async () => {
    const lost = await buyCourse(cloud, 'o_ops_lost', 'course-ts');
    const { db } = connect({ local: true, url: cloud.url });
    await db.collection('orders').doc(lost.id).update({ status: 'closed', paidAt: null });
    await db.collection('entitlements').doc('o_ops_lost_course-ts').update({ status: 'revoked' });

    const found = await ops('reconcile', '--from', since, '--to', today);
    expect(found.code).toBe(1);
    expect(found.out).toContain(`paid_not_recorded: ${lost.outTradeNo}, ours closed 19900 fen, WeChat Pay SUCCESS 19900 fen`);
    const fixed = await ops('reconcile', '--from', since, '--to', today, '--fix');
    expect(fixed.out).toContain(`paid_not_recorded (fixed): ${lost.outTradeNo}`);
    expect((await cloud.find('orders', { _id: lost.id }))[0]).toMatchObject({ status: 'paid' });
    expect((await cloud.find('entitlements', { openid: 'o_ops_lost', courseId: 'course-ts' }))[0]).toMatchObject({ status: 'active' });
    expect(await ops('reconcile', '--from', since, '--to', today)).toMatchObject({ code: 0 });
  });

  it('runs as `npm run ops` does, a process of its own', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/ops/main.ts', 'stats', '--local'], {
      cwd: ROOT,
      env: { ...process.env, EMULATOR_URL: cloud.url },
    });
    expect(stdout).toContain('orders now:');
  }, 60_000);
});
