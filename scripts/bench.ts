/**
 * npm run bench: the numbers the performance budgets are about, in one run
 * (the machine is noisy: ratios are measured side by side, never across runs).
 *
 *   a. the mini-program's main package as miniprogram-ci compiles it for upload, against 2 MB
 *   b. the largest setData payload the page tests made, against 64 KB / 256 KB
 *   c. each cloud function's bundle, against its 1.5 MB budget and against the
 *      plain wx-server-sdk install it replaces
 *   d. the emulator's round trips per second through the real wx-server-sdk,
 *      and the cold require of a bundled function against the unbundled SDK
 *   e. purchase flows per second through the emulator
 *
 * Not part of npm test. `--fresh-setdata` reruns the page tests for (b) first;
 * `--files` lists every file of the main package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as WxServerSdk from 'wx-server-sdk';
import { seedDemo } from '../database-schema/seed/seed';
import { sdkSeedTarget } from '../database-schema/seed/sdk-target';
import { startTestCloud, type TestCloud } from '../test/cloud/index';
import { useSdk } from '../test/cloud/sdk';
import { SETDATA_ARTIFACTS, type SetDataReport } from '../test/miniprogram/setdata-report';
import { buildFunctions, buildMiniprogram } from './build-lib';
import { cliArgs } from '../lib/cli-args';
import { FUNCTION_BUNDLE_BUDGET } from './deploy-lib';
import { compileCheckout } from './miniprogram-ci';
import { MAIN_PACKAGE_BUDGET, mainPackage } from './package-size';
import { FUNCTIONS_OUT, MINIPROGRAM_SRC, ROOT } from '../lib/paths';
import { installedTree } from './sdk-install';

const KB = 1024;
const SETDATA_TARGET = 64 * KB;
const SETDATA_AUDIT = 256 * KB;

const { values: flags } = cliArgs({
  usage: `npm run bench [-- --fresh-setdata] [--files]

The performance numbers in one run (package size, setData, function bundles, round trips, purchase flows).
  --fresh-setdata   rerun the page tests to measure setData first
  --files           list every file of the mini-program's main package
  -h, --help        this help`,
  options: { 'fresh-setdata': { type: 'boolean', default: false }, files: { type: 'boolean', default: false } },
});
const started = Date.now();

// ---------------------------------------------------------------------------
// formatting

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);
const rel = (p: string) => path.relative(ROOT, p);
function heading(title: string): void {
  console.log(`\n${title}\n${'─'.repeat(Math.min(78, title.length + 4))}`);
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

// ---------------------------------------------------------------------------
// (a) the main package as WeChat's own compiler makes it (miniprogram-ci, offline: scripts/miniprogram-ci.ts)

async function reportPackage(): Promise<void> {
  const { files, packMs, compileMs } = await compileCheckout();
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const groupOf = (f: string) => {
    if (f.startsWith('miniprogram_npm/')) return f.split('/').slice(0, 2).join('/') + (f.includes('/miniprogram_npm/tslib') ? ' (tslib)' : '');
    if (f.startsWith('@babel/')) return '@babel/runtime (helpers the compiler adds)';
    if (f.startsWith('assets/')) return 'assets';
    return f.split('/')[0].includes('.') ? 'app' : f.split('/')[0];
  };
  const groups = new Map<string, { files: number; bytes: number }>();
  for (const f of files) {
    const g = groups.get(groupOf(f.file)) ?? { files: 0, bytes: 0 };
    g.files += 1;
    g.bytes += f.bytes;
    groups.set(groupOf(f.file), g);
  }
  const tdesign = new Set(files.filter((f) => f.file.startsWith('miniprogram_npm/tdesign-miniprogram/')).map((f) => f.file.split('/')[2]));
  for (const shared of ['common', 'mixins', 'miniprogram_npm']) tdesign.delete(shared);

  heading("(a) Mini-program main package, as miniprogram-ci compiles it for upload (构建 npm + compile, offline)");
  console.log(`${pad('part', 46)}${lpad('files', 6)}${lpad('size', 12)}`);
  for (const [name, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`${pad(name, 46)}${lpad(g.files, 6)}${lpad(kb(g.bytes), 12)}`);
  console.log(`${pad('total', 46)}${lpad(files.length, 6)}${lpad(kb(total), 12)}   ${pct(total, MAIN_PACKAGE_BUDGET)} of the 2 MB budget ${total <= MAIN_PACKAGE_BUDGET ? 'OK' : 'OVER'}`);
  console.log(`TDesign components shipped (${tdesign.size}): ${[...tdesign].sort().join(' ')}`);
  // our own reachability walk (scripts/package-size.ts), for comparison: it counts scripts minified by esbuild
  if (!existsSync(path.join(MINIPROGRAM_SRC, 'miniprogram_npm', 'tdesign-miniprogram'))) await buildMiniprogram();
  const estimate = (await mainPackage(MINIPROGRAM_SRC)).files;
  console.log(`(packNpm ${(packMs / 1000).toFixed(1)} s, compile ${(compileMs / 1000).toFixed(1)} s; package-size.ts estimates ${estimate.length} files, ${kb(estimate.reduce((s, f) => s + f.bytes, 0))}; --files lists the package)`);
  if (flags.files) for (const f of files) console.log(`  ${lpad(kb(f.bytes), 10)}  ${f.file}`);
}

// ---------------------------------------------------------------------------
// (b) setData payloads measured by the page tests (test/miniprogram/setdata-meter.ts)

async function readSetData(): Promise<SetDataReport[]> {
  if (!existsSync(SETDATA_ARTIFACTS)) return [];
  const reports: SetDataReport[] = [];
  for (const name of await readdir(SETDATA_ARTIFACTS)) {
    if (name.endsWith('.json')) reports.push(JSON.parse(await readFile(path.join(SETDATA_ARTIFACTS, name), 'utf8')) as SetDataReport);
  }
  return reports;
}

async function reportSetData(): Promise<void> {
  heading('(b) Largest setData payload in the page tests (JSON bytes)');
  let reports = await readSetData();
  if (flags['fresh-setdata'] || reports.length === 0) {
    console.log('running the page tests to measure (vitest --project miniprogram)...');
    const run = spawnSync('npx', ['vitest', 'run', '--project', 'miniprogram', '--reporter=dot'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.status !== 0) console.log(`  (the page tests did not all pass: ${run.stdout.split('\n').filter((l) => /Tests/.test(l)).join(' ').trim()})`);
    reports = await readSetData();
  }
  if (reports.length === 0) {
    console.log('no measurements: run npm test (or npm run bench -- --fresh-setdata)');
    return;
  }
  const newest = reports.map((r) => Date.parse(r.writtenAt)).reduce((a, b) => Math.max(a, b), 0);
  const bySource = new Map<string, { calls: number; maxBytes: number; maxKeys: string[]; testFile: string }>();
  for (const report of reports) {
    for (const r of report.records) {
      const current = bySource.get(r.source);
      if (!current || r.maxBytes > current.maxBytes) bySource.set(r.source, { calls: (current?.calls ?? 0) + r.calls, maxBytes: r.maxBytes, maxKeys: r.maxKeys, testFile: report.testFile });
      else current.calls += r.calls;
    }
  }
  const rows = [...bySource].sort((a, b) => b[1].maxBytes - a[1].maxBytes);
  const pages = rows.filter(([s]) => s.startsWith('pages/'));
  console.log(`${pad('page', 26)}${lpad('largest', 11)}${lpad('calls', 7)}   keys of the largest`);
  for (const [source, r] of pages) console.log(`${pad(source, 26)}${lpad(kb(r.maxBytes), 11)}${lpad(r.calls, 7)}   ${r.maxKeys.join(', ')}`);
  const [topSource, top] = rows[0];
  console.log(
    `largest of all: ${kb(top.maxBytes)} by ${topSource} (${top.testFile}); ` +
      `${pct(top.maxBytes, SETDATA_TARGET)} of the 64 KB target, ${pct(top.maxBytes, SETDATA_AUDIT)} of WeChat's 256 KB audit line ` +
      `${top.maxBytes <= SETDATA_TARGET ? 'OK' : top.maxBytes <= SETDATA_AUDIT ? 'OVER TARGET' : 'OVER AUDIT LINE'}`,
  );
  const components = rows.filter(([s]) => !s.startsWith('pages/'));
  if (components.length) console.log(`components: largest ${kb(components[0][1].maxBytes)} (${components[0][0]})`);
  console.log(`(${reports.length} test files measured, newest ${Math.round((Date.now() - newest) / 60000)} min ago; --fresh-setdata to measure again)`);
}

// ---------------------------------------------------------------------------
// (c) cloud function bundles

async function reportBundles(): Promise<void> {
  const built = (await buildFunctions()).sort((a, b) => a.name.localeCompare(b.name));
  heading('(c) Cloud function bundles (build/cloudfunctions/<name>/index.js, wx-server-sdk inside)');
  const total = built.reduce((s, f) => s + f.bytes, 0);
  for (const f of built) {
    const over = f.bytes > FUNCTION_BUNDLE_BUDGET ? '  OVER the 1.5 MB budget' : '';
    console.log(`${pad(f.name, 22)}${lpad(kb(f.bytes), 11)}   ${pct(f.bytes, FUNCTION_BUNDLE_BUDGET)} of 1.5 MB${over}`);
  }
  console.log(`${pad(`${built.length} functions`, 22)}${lpad(kb(total), 11)}   mean ${kb(total / built.length)}`);
  // what a function would upload unbundled: its code and `npm install wx-server-sdk` (scripts/sdk-install.ts)
  const sdkVersion = (JSON.parse(await readFile(path.join(ROOT, 'node_modules/wx-server-sdk/package.json'), 'utf8')) as { version: string }).version;
  const sdk = await installedTree('wx-server-sdk');
  const largest = built.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const smallest = built.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  heading(`(c2) A bundle against the plain install it replaces (npm install wx-server-sdk@${sdkVersion})`);
  console.log(`plain install: node_modules of ${sdk.packages.length} packages, ${sdk.files} files, ${kb(sdk.bytes)} (measured from this install, no network)`);
  console.log(`bundle / plain install: ${(smallest.bytes / sdk.bytes).toFixed(3)} (${smallest.name}) to ${(largest.bytes / sdk.bytes).toFixed(3)} (${largest.name}); the plain install is ${(sdk.bytes / largest.bytes).toFixed(1)}× the largest bundle`);
  console.log(`all ${built.length} functions: ${kb(total)} bundled against ${kb(sdk.bytes * built.length)} unbundled (${pct(total, sdk.bytes * built.length)}); source maps beside each (index.js.map), not counted`);
}

// ---------------------------------------------------------------------------
// (d) emulator round trips, cold require

async function startBenchCloud(): Promise<{ cloud: TestCloud; sdk: typeof WxServerSdk }> {
  const cloud = await startTestCloud();
  const sdk = useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk;
  await seedDemo(sdkSeedTarget(sdk));
  return { cloud, sdk };
}

async function roundTrips(sdk: typeof WxServerSdk): Promise<void> {
  const db = sdk.database();
  const get = () => db.collection('courses').doc('course-time').get();
  for (let i = 0; i < 20; i += 1) await get(); // warm
  const sequentialN = 300;
  let t = performance.now();
  for (let i = 0; i < sequentialN; i += 1) await get();
  const sequential = sequentialN / ((performance.now() - t) / 1000);
  const concurrentN = 1000;
  const inFlight = 16;
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < concurrentN) {
        next += 1;
        await get();
      }
    }),
  );
  const concurrent = concurrentN / ((performance.now() - t) / 1000);
  heading("(d) Emulator round trips through the real wx-server-sdk (db.collection('courses').doc(id).get())");
  console.log(`one at a time: ${sequential.toFixed(0)} round trips/s (${sequentialN}, ${(1000 / sequential).toFixed(2)} ms each)`);
  console.log(`${inFlight} in flight:  ${concurrent.toFixed(0)} round trips/s (${concurrentN})`);
}

function coldRequire(): void {
  const require = createRequire(import.meta.url);
  const sdkPath = require.resolve('wx-server-sdk');
  const bundle = path.join(FUNCTIONS_OUT, 'login', 'index.js');
  const timeRequire = (target: string) => {
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (run.status !== 0) throw new Error(`node -e require(${target}) failed: ${run.stderr}`);
    return Number(run.stdout);
  };
  const reps = 7;
  const bundled: number[] = [];
  const unbundled: number[] = [];
  timeRequire(bundle); // the file cache, for both
  timeRequire(sdkPath);
  // interleaved, so the machine's noise falls on both alike
  for (let i = 0; i < reps; i += 1) {
    bundled.push(timeRequire(bundle));
    unbundled.push(timeRequire(sdkPath));
  }
  const b = median(bundled);
  const u = median(unbundled);
  console.log(`cold require, fresh node each, median of ${reps}:`);
  console.log(`  bundled function  ${rel(bundle)}: ${b.toFixed(1)} ms   (${bundled.map((x) => x.toFixed(0)).join(' ')})`);
  console.log(`  unbundled SDK     require('wx-server-sdk'): ${u.toFixed(1)} ms   (${unbundled.map((x) => x.toFixed(0)).join(' ')})`);
  console.log(`  ratio bundled/unbundled: ${(b / u).toFixed(2)}  (the bundle is the function and the SDK; the unbundled figure is the SDK alone)`);
}

// ---------------------------------------------------------------------------
// (e) purchase flows through the emulator

async function purchaseFlows(cloud: TestCloud): Promise<void> {
  const callOk = async (openid: string, name: string, data: unknown) => {
    const answer = await cloud.call<{ ok: boolean; data?: Record<string, unknown>; error?: { code: string } }>(name, data, { openid });
    if (answer.error) throw new Error(`${name}: ${answer.error.errMsg}`);
    if (!answer.result?.ok) throw new Error(`${name}: ${answer.result?.error?.code}`);
    return answer.result.data!;
  };
  const flow = async (openid: string) => {
    const { order } = (await callOk(openid, 'createOrder', { courseId: 'course-time' })) as { order: { id: string; outTradeNo: string } };
    await callOk(openid, 'unifiedPay', { orderId: order.id });
    // the pay sheet's "pay", and payCallback acknowledging it
    await cloud.pay.succeed(order.outTradeNo, { wait: true });
  };
  await flow('o_bench_warm'); // instances started
  const n = 50;
  const t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => flow(`o_bench_${i}`)));
  const seconds = (performance.now() - t) / 1000;
  const granted = (await cloud.find('entitlements', { courseId: 'course-time' })).length;
  heading('(e) Purchase flows through the emulator (createOrder → unifiedPay → pay → payCallback)');
  console.log(`${n} concurrent learners: ${seconds.toFixed(2)} s, ${(n / seconds).toFixed(1)} flows/s; ${granted - 1}/${n} courses granted`);
}

// ---------------------------------------------------------------------------

console.log(`npm run bench · Node ${process.version} · ${new Date().toISOString()}`);
await reportPackage();
await reportSetData();
await reportBundles();
const { cloud, sdk } = await startBenchCloud();
try {
  await roundTrips(sdk);
  coldRequire();
  await purchaseFlows(cloud);
} finally {
  await cloud.stop();
}
console.log(`\nbench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
