/**
 * The mini-program's main package as WeChat DevTools uploads it with
 * `ignoreUploadUnusedFiles`: every file reachable from app.json (pages,
 * components through usingComponents, scripts through their requires,
 * templates, wxs, styles and images they name), only the npm components
 * actually used, never tests or unused files. Scripts are counted compiled
 * and minified, as DevTools uploads them (project.config.json: minified).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { transform } from 'esbuild';

/** WeChat's limit for the main package (and each subpackage). */
export const MAIN_PACKAGE_BUDGET = 2 * 1024 * 1024;

export interface PackageFile {
  file: string;
  /** bytes in the upload: scripts compiled and minified (project.config: minified), the rest as they are */
  bytes: number;
}

const COMPONENT_EXTS = ['.json', '.wxml', '.wxss'];
const IMAGE = /\.(png|jpe?g|gif|svg|webp)$/i;

/** Every file reachable from app.json: pages, components, their scripts' requires, templates, styles, images. */
export async function mainPackage(root: string): Promise<{ files: PackageFile[]; allFiles: number; allBytes: number }> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (file: string | undefined) => {
    if (!file || seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    queue.push(file);
  };

  /** `/components/x` absolute to the mini-program, `./x` relative, `tdesign-miniprogram/x` from miniprogram_npm */
  const resolveRef = (fromDir: string, ref: string): string | undefined => {
    if (ref.startsWith('plugin://')) return undefined;
    if (ref.startsWith('/')) return path.join(root, ref);
    if (ref.startsWith('.')) return path.resolve(fromDir, ref);
    for (let dir = fromDir; dir.startsWith(root); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'miniprogram_npm', ref);
      if (existsSync(candidate) || existsSync(`${candidate}.js`) || existsSync(path.join(candidate, 'index.js'))) return candidate;
    }
    return undefined;
  };
  const addComponent = (base: string) => {
    for (const ext of COMPONENT_EXTS) add(base + ext);
    add(existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.js`);
  };
  const addScript = (fromDir: string, spec: string) => {
    const base = resolveRef(fromDir, spec);
    if (!base) return;
    const candidates = [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')];
    add(candidates.find((c) => existsSync(c) && !c.endsWith('.d.ts') && /\.(ts|js)$/.test(c)));
  };
  const addAsset = (fromDir: string, ref: string) => {
    if (ref.includes('{{') || /^(https?:|data:|cloud:)/.test(ref)) return;
    add(ref.startsWith('/') ? path.join(root, ref) : path.resolve(fromDir, ref));
  };

  const appJson = JSON.parse(await readFile(path.join(root, 'app.json'), 'utf8'));
  for (const file of ['app.json', 'app.wxss', existsSync(path.join(root, 'app.ts')) ? 'app.ts' : 'app.js']) add(path.join(root, file));
  add(path.join(root, appJson.sitemapLocation ?? 'sitemap.json'));
  for (const page of appJson.pages as string[]) addComponent(path.join(root, page));

  const sizes: PackageFile[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    const dir = path.dirname(file);
    const text = await readFile(file, 'utf8').catch(() => '');
    let bytes = (await stat(file)).size;
    if (file.endsWith('.json')) {
      const json = JSON.parse(text);
      for (const ref of Object.values<string>(json.usingComponents ?? {})) {
        const base = resolveRef(dir, ref);
        if (base) addComponent(base);
      }
      for (const item of json.tabBar?.list ?? []) {
        for (const icon of [item.iconPath, item.selectedIconPath]) if (icon) addAsset(root, icon);
      }
    } else if (file.endsWith('.wxml')) {
      for (const m of text.matchAll(/<(?:import|include|wxs)\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/g)) add(path.resolve(dir, m[1].startsWith('/') ? path.join(root, m[1]) : m[1]));
      for (const m of text.matchAll(/\bsrc\s*=\s*["']([^"'{}]+\.(?:png|jpe?g|gif|svg|webp))["']/gi)) addAsset(dir, m[1]);
    } else if (file.endsWith('.wxss')) {
      for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g)) addAsset(dir, m[1]);
      for (const m of text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) if (IMAGE.test(m[1])) addAsset(dir, m[1]);
    } else if (file.endsWith('.wxs')) {
      for (const m of text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) addAsset(dir, m[1]);
    } else if (/\.(ts|js)$/.test(file)) {
      // compiled as DevTools does (TypeScript plugin, ES6 to ES5 modules, minified): type-only imports vanish
      const { code } = await transform(text, { loader: file.endsWith('.ts') ? 'ts' : 'js', format: 'cjs', target: 'es2020', minify: true });
      bytes = Buffer.byteLength(code);
      for (const m of code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) addScript(dir, m[1]);
      for (const m of text.matchAll(/["'](\/[^"'\s]+\.(?:png|jpe?g|gif|svg|webp))["']/gi)) addAsset(root, m[1]);
    }
    sizes.push({ file: path.relative(root, file).replace(/\.ts$/, '.js'), bytes });
  }

  // what the folder holds without the filter (tests and type declarations never ship)
  let allFiles = 0;
  let allBytes = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      // miniprogram/node_modules is what 构建 npm reads, never uploaded
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') await walk(p);
      }
      else if (!/\.(test\.ts|d\.ts|md)$/.test(e.name) && e.name !== 'tsconfig.json') {
        allFiles += 1;
        allBytes += (await stat(p)).size;
      }
    }
  };
  await walk(root);
  return { files: sizes, allFiles, allBytes };
}
