/**
 * The mini-program compiled by WeChat's own toolchain, offline: miniprogram-ci
 * (the compiler DevTools uses, as a package) packs npm the way DevTools'
 * 构建 npm does, from miniprogram/package.json, then compiles the project as
 * an upload would (project.config.json's settings: TypeScript plugin, es6,
 * minified, unused files filtered, packOptions.ignore). What comes out is the
 * package WeChat receives; tests and the bench measure that.
 *
 * Run in a child process (`compileWithMiniprogramCi`): the compiler forks
 * workers it never stops, keeps process-wide state (process.env.COMPILE_THREADS,
 * caches keyed by project path) and would keep vitest's worker alive.
 *
 *   tsx scripts/miniprogram-ci.ts <project-dir> <out.json>   compile one copy
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../lib/paths';

/** One file of the compiled package, as miniprogram-ci hands it to upload (sourcemaps left out, as uploadWithSourceMap: false). */
export interface CompiledFile {
  file: string;
  bytes: number;
}

export interface CompileReport {
  files: CompiledFile[];
  /** what ci.packNpm wrote: npm packages with a miniprogram_dist copied, others bundled */
  npm: { miniprogramPackages: number; otherPackages: number; warnings: string[] };
  packMs: number;
  compileMs: number;
}

/** The phone's dependencies: miniprogram/package.json, which 构建 npm reads. */
export async function miniprogramDependencies(projectDir = ROOT): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(path.join(projectDir, 'miniprogram/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return pkg.dependencies ?? {};
}

/**
 * A throwaway copy of what DevTools opens: project.config.json, package.json and
 * miniprogram/ (never its node_modules or miniprogram_npm, which a build may be
 * rewriting), then `npm install` in miniprogram/ as the README tells a user,
 * done offline by copying each dependency from the root node_modules: the test
 * checks the versions agree, so the copy is what npm would have installed.
 * `mutate` may break the copy (tests of the check itself).
 */
export async function stageProject(mutate?: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'miniprogram-ci-'));
  // the root package.json too (the server's dependencies): 构建 npm must not read it
  for (const file of ['project.config.json', 'package.json']) await cp(path.join(ROOT, file), path.join(dir, file));
  const skip = new Set(['node_modules', 'miniprogram_npm'].map((name) => path.join(ROOT, 'miniprogram', name)));
  await cp(path.join(ROOT, 'miniprogram'), path.join(dir, 'miniprogram'), { recursive: true, filter: (src) => !skip.has(src) });
  for (const [name, wanted] of Object.entries(await miniprogramDependencies(dir))) {
    const installed = JSON.parse(await readFile(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string;
    if (installed !== wanted) throw new Error(`miniprogram/package.json wants ${name}@${wanted}, the root node_modules has ${installed}: keep the two package.json files at one version`);
    await cp(path.join(ROOT, 'node_modules', name), path.join(dir, 'miniprogram/node_modules', name), { recursive: true });
  }
  if (mutate) await mutate(dir);
  return dir;
}

/** Compiles a staged project in a child process; rejects with the compiler's own message on any error. */
export function compileWithMiniprogramCi(projectDir: string): Promise<CompileReport> {
  const out = path.join(projectDir, '.miniprogram-ci-report.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/miniprogram-ci.ts'), projectDir, out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d));
    child.stderr.on('data', (d: Buffer) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`miniprogram-ci failed (exit ${code}):\n${log.trim().split('\n').slice(-40).join('\n')}`));
      readFile(out, 'utf8').then((text) => resolve(JSON.parse(text) as CompileReport), reject);
    });
  });
}

/** Stage, compile, clean up: the package as the official compiler makes it from this checkout. */
export async function compileCheckout(): Promise<CompileReport> {
  const dir = await stageProject();
  try {
    return await compileWithMiniprogramCi(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// the child: miniprogram-ci itself

type Ci = typeof import('miniprogram-ci');

/**
 * Nothing may reach WeChat's servers: every request miniprogram-ci makes goes
 * through this proxy (ci.proxy, its documented setting), a port nothing
 * listens on, so a request fails at once instead of hanging on a machine
 * without network. The compile asks for one thing, the list of file
 * extensions allowed (getwhiteextlist); on failure it uses the built-in list,
 * which is what it is for.
 */
const NO_NETWORK_PROXY = 'http://127.0.0.1:9';

async function runCompiler(projectDir: string, out: string): Promise<void> {
  // The compiler forks its workers with this process's execArgv; they are plain
  // JavaScript and must not inherit `--import tsx` (they die at start with it).
  process.execArgv.splice(0, process.execArgv.length);
  const ci = createRequire(import.meta.url)('miniprogram-ci') as Ci;
  ci.proxy(NO_NETWORK_PROXY);

  /**
   * ci.Project asks servicewechat.com for the AppID's attributes (package size
   * limits, whether it is a plugin...) signed with the upload key. Offline, and
   * for the touristappid placeholder, there is nothing to ask: this answers
   * miniprogram-ci's own DefaultProjectAttr, what it falls back to when the
   * server answers an error (ci/projectattr.js), i.e. an ordinary mini-program
   * with a 2 MB main package.
   */
  class OfflineProject extends ci.Project {
    override async attr(): Promise<typeof ci.DefaultProjectAttr> {
      return ci.DefaultProjectAttr;
    }
  }
  // ci.Project insists on a key, though nothing is signed offline: a throwaway one.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const config = JSON.parse(await readFile(path.join(projectDir, 'project.config.json'), 'utf8')) as { appid: string };
  const project = new OfflineProject({
    appid: config.appid,
    type: 'miniProgram',
    projectPath: projectDir,
    privateKey,
    // what miniprogram-ci's README gives: npm's install folder is never compiled
    ignores: ['node_modules/**/*', 'miniprogram/node_modules/**/*'],
  });

  // 构建 npm, as DevTools does with packNpmManually off: every package.json under miniprogramRoot
  let t = performance.now();
  const warnings = await ci.packNpm(project, { reporter: () => undefined });
  const packMs = performance.now() - t;
  const packed = await countPacked(projectDir);

  t = performance.now();
  // useProjectConfig: the settings of project.config.json, as DevTools' upload uses them
  const result = await ci.getCompiledResult({ project, version: '0.0.0', setting: { useProjectConfig: true } });
  const compileMs = performance.now() - t;
  const files = Object.entries(result)
    .map(([file, content]) => ({ file: file.replace(/^\//, ''), bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length }))
    .sort((a, b) => a.file.localeCompare(b.file));
  const report: CompileReport = {
    files,
    npm: { ...packed, warnings: warnings.map((w) => `${w.jsPath}: ${w.msg}`) },
    packMs: Math.round(packMs),
    compileMs: Math.round(compileMs),
  };
  await writeFile(out, JSON.stringify(report));
}

/** packNpm says nothing of what it packed: count the miniprogram_npm folders it wrote. */
async function countPacked(projectDir: string): Promise<{ miniprogramPackages: number; otherPackages: number }> {
  const { readdir } = await import('node:fs/promises');
  const npm = path.join(projectDir, 'miniprogram/miniprogram_npm');
  const names = await readdir(npm).catch(() => [] as string[]);
  let miniprogramPackages = 0;
  let otherPackages = 0;
  for (const name of names) {
    // a package without miniprogram_dist is bundled into one index.js (+ map)
    const inner = await readdir(path.join(npm, name));
    if (inner.length <= 2 && inner.includes('index.js')) otherPackages += 1;
    else miniprogramPackages += 1;
  }
  return { miniprogramPackages, otherPackages };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'scripts/miniprogram-ci.ts')) {
  const [projectDir, out] = process.argv.slice(2);
  if (!projectDir || !out) {
    console.error('usage: tsx scripts/miniprogram-ci.ts <project-dir> <out.json>');
    process.exit(2);
  }
  runCompiler(path.resolve(projectDir), path.resolve(out)).then(
    // exit: the compiler's workers would keep the process alive
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
