import { build, transform, type Plugin } from 'esbuild';
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS_OUT, FUNCTIONS_SRC, MINIPROGRAM_OUT, MINIPROGRAM_SRC, ROOT } from '../lib/paths';
import { walk } from '../lib/files';

/** npm packages the mini-program uses, copied as DevTools' "构建 npm" would. */
const MINIPROGRAM_NPM = ['tdesign-miniprogram'];

/** Folders in cloudfunctions/ that are not functions. */
const NOT_FUNCTIONS = new Set(['shared']);

export async function functionNames(): Promise<string[]> {
  const entries = await readdir(FUNCTIONS_SRC, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !NOT_FUNCTIONS.has(e.name) && existsSync(path.join(FUNCTIONS_SRC, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort();
}

export interface BuiltFunction {
  name: string;
  bytes: number;
}

export async function buildFunctions(only?: string[]): Promise<BuiltFunction[]> {
  const names = only ?? (await functionNames());
  return Promise.all(
    names.map(async (name) => {
      const final = path.join(FUNCTIONS_OUT, name);
      await bundleFunction(path.join(FUNCTIONS_SRC, name, 'index.ts'), final);
      return { name, bytes: (await stat(path.join(final, 'index.js'))).size };
    }),
  );
}

const STUBS = path.join(ROOT, 'scripts/function-stubs');

/**
 * Modules the SDK and zod load but our functions never run, bundled as a small
 * stub instead (each stub's comment says why its path is never executed).
 * Matched by the importing files and the exact specifier, so nothing else is
 * touched; `importer` is relative to node_modules.
 */
export const FUNCTION_STUBS: { importers: string[]; specifier: string; stub: string }[] = [
  { importers: ['@cloudbase/node-sdk/dist/cloudbase.js'], specifier: './ai', stub: path.join(STUBS, 'cloudbase-ai.cjs') },
  // z.locales and z.core.locales
  { importers: ['zod/v4/classic/external.js', 'zod/v4/core/index.js'], specifier: '../locales/index.js', stub: path.join(STUBS, 'zod-locales.js') },
];

const stubPlugin: Plugin = {
  name: 'function-stubs',
  setup(b) {
    for (const { importers, specifier, stub } of FUNCTION_STUBS) {
      const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      b.onResolve({ filter }, (args) => {
        const from = args.importer.split(path.sep).join('/');
        return importers.some((i) => from.endsWith(`/node_modules/${i}`)) ? { path: stub } : undefined;
      });
    }
  },
};

/** This file and the stubs: a change to how bundles are made rebuilds them. */
const BUILD_INPUTS = [fileURLToPath(import.meta.url), ...FUNCTION_STUBS.map((s) => s.stub)];

/**
 * Bundles one function's entry into `outDir/{index.js,package.json,config.json}`,
 * as it is deployed; `config.json` is taken from beside the entry. Also used by
 * the emulator's tests for their fixture functions.
 */
export async function bundleFunction(entry: string, outDir: string): Promise<void> {
  if (await upToDate(outDir)) return;
  const name = path.basename(path.dirname(entry));
  const sdkVersion = JSON.parse(await readFile(path.join(ROOT, 'node_modules/wx-server-sdk/package.json'), 'utf8')).version;
  // Built beside and swapped in, so a test or emulator reading the old
  // bundle while another run rebuilds never sees a half-written folder.
  const out = path.join(path.dirname(outDir), `.${path.basename(outDir)}.${process.pid}.tmp`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const { metafile } = await build({
    entryPoints: [entry],
    outfile: path.join(out, 'index.js'),
    metafile: true,
    bundle: true,
    platform: 'node',
    // the oldest Node.js runtime WeChat cloud functions offer
    target: 'node16',
    format: 'cjs',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    // index.js.map beside the bundle (not inline, which would double what
    // loads on a cold start), for `node --enable-source-maps` stack traces;
    // without the sources' text, which the cloud has no use for.
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [stubPlugin],
    logLevel: 'warning',
  });
  const configPath = path.join(path.dirname(entry), 'config.json');
  const config = existsSync(configPath) ? JSON.parse(await readFile(configPath, 'utf8')) : { permissions: { openapi: [] } };
  await writeFile(path.join(out, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  // No dependencies: wx-server-sdk and everything else are inside index.js,
  // so the cloud installs nothing and the function starts from one file.
  const pkg = {
    name,
    version: '1.0.0',
    private: true,
    main: 'index.js',
    description: `bundled with wx-server-sdk@${sdkVersion}`,
    dependencies: {},
  };
  await writeFile(path.join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  await writeInputsStamp(out, [...Object.keys(metafile.inputs).map((p) => path.resolve(ROOT, p)), configPath, ...BUILD_INPUTS]);
  await rm(outDir, { recursive: true, force: true });
  await rename(out, outDir);
}

/**
 * Every file a bundle was built from, with its modification time, so the next
 * build (each test run makes one) skips a function none of whose inputs changed.
 */
const INPUTS_STAMP = '.inputs.json';

async function mtimeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

async function writeInputsStamp(outDir: string, files: string[]): Promise<void> {
  const stamp: Record<string, number | null> = {};
  for (const file of files) stamp[file] = await mtimeOf(file);
  await writeFile(path.join(outDir, INPUTS_STAMP), JSON.stringify(stamp));
}

async function upToDate(outDir: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(path.join(outDir, INPUTS_STAMP), 'utf8')) as Record<string, number | null>;
    for (const [file, mtime] of Object.entries(stamp)) if ((await mtimeOf(file)) !== mtime) return false;
    return existsSync(path.join(outDir, 'index.js'));
  } catch {
    return false;
  }
}


const isTest = (file: string) => /\.test\.ts$/.test(file);

/** `tdesign-miniprogram/button/button` → `/miniprogram_npm/tdesign-miniprogram/button/button` */
function rewriteUsingComponents(json: string): string {
  const parsed = JSON.parse(json);
  const using = parsed.usingComponents as Record<string, string> | undefined;
  if (!using) return json;
  for (const [tag, ref] of Object.entries(using)) {
    if (MINIPROGRAM_NPM.some((pkg) => ref.startsWith(`${pkg}/`))) using[tag] = `/miniprogram_npm/${ref}`;
  }
  return JSON.stringify(parsed, null, 2);
}

async function copyNpmForDevTools(): Promise<void> {
  for (const pkg of MINIPROGRAM_NPM) {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'));
    const src = path.join(ROOT, 'node_modules', pkg, 'miniprogram_dist');
    const dest = path.join(MINIPROGRAM_SRC, 'miniprogram_npm', pkg);
    const stamp = path.join(MINIPROGRAM_SRC, 'miniprogram_npm', `.${pkg}.version`);
    if (existsSync(dest) && existsSync(stamp) && (await readFile(stamp, 'utf8')) === version) continue;
    await rm(dest, { recursive: true, force: true });
    await cp(src, dest, { recursive: true });
    await writeFile(stamp, version);
  }
}

/** npm packages compiled to CommonJS once per installed version. */
async function buildNpmForSimulate(): Promise<number> {
  let files = 0;
  for (const pkg of MINIPROGRAM_NPM) {
    const pkgJson = JSON.parse(await readFile(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'));
    const dest = path.join(MINIPROGRAM_OUT, 'miniprogram_npm', pkg);
    const stamp = path.join(dest, '.built-version');
    if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === pkgJson.version) continue;
    await rm(dest, { recursive: true, force: true });
    const src = path.join(ROOT, 'node_modules', pkg, pkgJson.miniprogram ?? 'miniprogram_dist');
    for (const file of await walk(src)) {
      const rel = path.relative(src, file);
      const target = path.join(dest, rel);
      await mkdir(path.dirname(target), { recursive: true });
      if (file.endsWith('.js')) {
        // TDesign ships ES modules; DevTools turns them into CommonJS, so do we.
        const { code } = await transform(await readFile(file, 'utf8'), { loader: 'js', format: 'cjs', target: 'es2020' });
        await writeFile(target, code);
      } else {
        await cp(file, target);
      }
      files += 1;
    }
    await writeFile(stamp, pkgJson.version);
  }
  return files;
}

/**
 * Writes only what changed, each file whole (temp file + rename), and removes
 * only outputs whose source is gone: several test runs may build while others
 * load pages from build/miniprogram, and must never see a file missing.
 */
async function writeIfChanged(target: string, content: string | Buffer): Promise<void> {
  const next = typeof content === 'string' ? Buffer.from(content) : content;
  try {
    if ((await readFile(target)).equals(next)) return;
  } catch {
    // not there yet
  }
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, next);
  await rename(temp, target);
}

export async function buildMiniprogram(): Promise<number> {
  await copyNpmForDevTools();
  const outputs = new Set<string>();
  // node_modules and package*.json are for DevTools' 构建 npm (miniprogram/package.json), not pages
  for (const file of await walk(MINIPROGRAM_SRC, ['miniprogram_npm', 'node_modules'])) {
    const rel = path.relative(MINIPROGRAM_SRC, file);
    if (isTest(file) || ['tsconfig.json', 'package.json', 'package-lock.json'].includes(rel) || file.endsWith('.d.ts')) continue;
    let target = path.join(MINIPROGRAM_OUT, rel);
    let content: string | Buffer;
    if (file.endsWith('.ts')) {
      target = target.replace(/\.ts$/, '.js');
      ({ code: content } = await transform(await readFile(file, 'utf8'), {
        loader: 'ts',
        format: 'cjs',
        target: 'es2020',
        sourcefile: file,
        sourcemap: 'inline',
      }));
    } else if (file.endsWith('.json')) {
      content = rewriteUsingComponents(await readFile(file, 'utf8'));
    } else {
      content = await readFile(file);
    }
    await writeIfChanged(target, content);
    outputs.add(target);
  }
  // simulate.load() runs the pages with Node's own require
  const pkg = path.join(MINIPROGRAM_OUT, 'package.json');
  await writeIfChanged(pkg, JSON.stringify({ type: 'commonjs' }) + '\n');
  outputs.add(pkg);
  for (const file of await walk(MINIPROGRAM_OUT, ['miniprogram_npm'])) {
    if (!outputs.has(file) && !file.endsWith('.tmp')) await rm(file, { force: true });
  }
  return outputs.size + (await buildNpmForSimulate());
}
