/**
 * "Opens in DevTools", checked with WeChat's own compiler: miniprogram-ci packs
 * npm from miniprogram/package.json (DevTools' 构建 npm) and compiles the
 * project as an upload does, offline. Each compile runs in a child process and
 * takes 10-25 s on two cores (see scripts/miniprogram-ci.ts).
 */
import { readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainPackage } from './package-size';
import { ROOT } from '../lib/paths';
import { compileWithMiniprogramCi, miniprogramDependencies, stageProject, type CompileReport } from './miniprogram-ci';

const KB = 1024;
/** the target for the main package as compiled (WeChat's limit is 2 MB) */
const TARGET_BYTES = 1024 * KB;
const COMPILE_TIMEOUT = 180_000;

const total = (report: CompileReport) => report.files.reduce((s, f) => s + f.bytes, 0);
/** `miniprogram_npm/tdesign-miniprogram/button/button.js` → `button` */
const tdesignDirs = (files: string[]) =>
  [...new Set(files.filter((f) => f.startsWith('miniprogram_npm/tdesign-miniprogram/')).map((f) => f.split('/')[2]!))].sort();

interface ProjectConfig {
  setting: Record<string, unknown>;
  packOptions: { ignore: { type: string; value: string }[] };
}
const readConfig = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'project.config.json'), 'utf8')) as ProjectConfig;

/** The TDesign folders packOptions.ignore keeps: the alternatives of its `(?!(?:a|b|...)/)` rule. */
function keptByPackOptions(config: ProjectConfig): string[] {
  const rule = config.packOptions.ignore.find((r) => r.type === 'regexp' && r.value.includes('tdesign-miniprogram'));
  const names = rule?.value.match(/\(\?!\(\?:([^)]+)\)\//)?.[1];
  if (!names) throw new Error('project.config.json packOptions.ignore has no rule keeping only the TDesign components used');
  return names.split('|').sort();
}

describe('the mini-program compiled by miniprogram-ci, offline', () => {
  let dir: string;
  let report: CompileReport;
  let names: string[];

  beforeAll(async () => {
    dir = await stageProject();
    report = await compileWithMiniprogramCi(dir);
    names = report.files.map((f) => f.file);
  }, COMPILE_TIMEOUT);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('packs npm from miniprogram/package.json: TDesign only, at the root package.json version, with no warning', async () => {
    const rootPkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const phone = await miniprogramDependencies();
    expect(Object.keys(phone)).toEqual(['tdesign-miniprogram']);
    expect(phone['tdesign-miniprogram']).toBe(rootPkg.dependencies['tdesign-miniprogram']);
    expect(report.npm).toEqual({ miniprogramPackages: 1, otherPackages: 0, warnings: [] });
  });

  it('compiles every page to the four files WeChat runs, TypeScript to JavaScript', async () => {
    const appJson = JSON.parse(await readFile(path.join(ROOT, 'miniprogram/app.json'), 'utf8')) as { pages: string[] };
    for (const page of appJson.pages) for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(names).toContain(`${page}.${ext}`);
    expect(names.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('ships no test, tsconfig, package.json, node_modules or source map', () => {
    expect(names.filter((f) => /\.test\.|tsconfig|package(-lock)?\.json$|(^|\/)node_modules\/|\.map$/.test(f))).toEqual([]);
  });

  it('ships exactly the TDesign components reachable from the pages, as packOptions.ignore lists them', async () => {
    // what package-size.ts finds reachable from app.json, on the miniprogram_npm packNpm just wrote
    const reachable = tdesignDirs((await mainPackage(path.join(dir, 'miniprogram'))).files.map((f) => f.file));
    expect(reachable).toContain('button');
    expect(tdesignDirs(names)).toEqual(reachable);
    // a page that starts using another component must add it to the rule, or it would be left out
    expect(keptByPackOptions(await readConfig(ROOT))).toEqual(reachable);
  });

  it(`is within ${TARGET_BYTES / KB} KB`, () => {
    expect(total(report)).toBeGreaterThan(100 * KB);
    expect(total(report)).toBeLessThanOrEqual(TARGET_BYTES);
  });

  it(
    "stays within it with DevTools' 过滤无依赖文件 off: packOptions.ignore alone leaves out the unused TDesign components",
    async () => {
      const unfiltered = await stageProject(async (d) => {
        const config = await readConfig(d);
        config.setting.ignoreUploadUnusedFiles = false;
        await writeFile(path.join(d, 'project.config.json'), JSON.stringify(config));
      });
      try {
        const result = await compileWithMiniprogramCi(unfiltered);
        expect(tdesignDirs(result.files.map((f) => f.file))).toEqual(tdesignDirs(names));
        // more than with the filter (unused files of our own and of the kept components), still within the target
        expect(total(result)).toBeGreaterThan(total(report));
        expect(total(result)).toBeLessThanOrEqual(TARGET_BYTES);
      } finally {
        await rm(unfiltered, { recursive: true, force: true });
      }
    },
    COMPILE_TIMEOUT,
  );

  it(
    'fails on a compile error, naming the file',
    async () => {
      const broken = await stageProject((d) => appendFile(path.join(d, 'miniprogram/pages/home/index.ts'), '\nconst broken: number = ;\n'));
      try {
        await expect(compileWithMiniprogramCi(broken)).rejects.toThrow(/pages\/home\/index\.ts/);
      } finally {
        await rm(broken, { recursive: true, force: true });
      }
    },
    COMPILE_TIMEOUT,
  );
});
