/**
 * Builds the browser preview into build/preview/: the runtime bundle
 * (miniprogram-simulate, the wx implementation, the phone shell and the
 * console), and `files.js`, the compiled mini-program as miniprogram-simulate's
 * browser mode reads it (`window.__FILE_MAP__`), with every template compiled
 * by wcc, the compiler DevTools uses, so TDesign's wxs and templates work.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MINIPROGRAM_OUT, ROOT } from '../lib/paths';
import { walk } from '../lib/files';
import { ICON_FONT_PATH, rewriteIconFontFace, writeIconFont } from './icon-font';

export const PREVIEW_OUT = path.join(ROOT, 'build/preview');
const PREVIEW_SRC = path.join(ROOT, 'preview');

const require = createRequire(import.meta.url);

/** What the mini-program reads at run time; templates go through wcc instead. */
const SHIPPED = /\.(js|json|wxss|wxs)$/;


/**
 * TDesign's icon.wxss loads the icon font from Tencent's CDN; the preview's copy
 * of it loads the one made here (preview/icon-font.ts) from the preview server,
 * so icons draw with no internet. build/miniprogram, which ships, keeps the CDN.
 */
async function localIconFont(files: Record<string, string>): Promise<void> {
  const icon = 'miniprogram_npm/tdesign-miniprogram/icon/icon.wxss';
  const wxss = files[icon];
  if (!wxss) throw new Error(`preview: no ${icon} in build/miniprogram (is TDesign built?)`);
  await writeIconFont(PREVIEW_OUT, wxss);
  files[icon] = rewriteIconFontFace(wxss, `/${ICON_FONT_PATH}`);
  const remote = Object.entries(files).filter(([rel, text]) => rel.endsWith('.wxss') && /url\(\s*['"]?(https?:)?\/\//.test(text));
  // the preview asks no host but its own: a stylesheet that still names one is a build error, not a blank icon
  if (remote.length > 0) throw new Error(`preview: wxss loading from another host: ${remote.map(([rel]) => rel).join(', ')}`);
}

/** `window.__FILE_MAP__` (paths relative to the mini-program root) and the templates compiled by wcc. */
async function writeFileMap(): Promise<number> {
  const files: Record<string, string> = {};
  const templates: string[] = [];
  for (const file of await walk(MINIPROGRAM_OUT)) {
    const rel = path.relative(MINIPROGRAM_OUT, file).split(path.sep).join('/');
    if (rel.endsWith('.wxml')) templates.push(rel);
    else if (SHIPPED.test(rel) && rel !== 'package.json') files[rel] = await readFile(file, 'utf8');
  }
  await localIconFont(files);
  // DevTools' "构建 npm" puts TDesign's tslib beside it; the runtime resolves bare requires there.
  files['miniprogram_npm/tslib/index.js'] = await readFile(path.join(ROOT, 'node_modules/tslib/tslib.js'), 'utf8');
  const wcc = require('miniprogram-compiler') as { wxmlToJs(rootPath: string): string };
  const gwxSource = wcc.wxmlToJs(MINIPROGRAM_OUT);
  const script = [
    `window.__FILE_MAP__ = ${JSON.stringify(files)};`,
    `window.__WXML_FILES__ = ${JSON.stringify(templates)};`,
    // wcc's output is a function body ending in `return $gwx`
    `window.__GWX__ = (function () {\n${gwxSource}\n})();`,
  ].join('\n');
  await writeFile(path.join(PREVIEW_OUT, 'files.js'), script);
  return Object.keys(files).length + templates.length;
}

async function bundleRuntime(): Promise<void> {
  await build({
    entryPoints: { runtime: path.join(PREVIEW_SRC, 'runtime/main.ts'), console: path.join(PREVIEW_SRC, 'console/main.ts') },
    outdir: PREVIEW_OUT,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    // miniprogram-simulate and j-component speak of `global`; in the browser that is window
    define: { global: 'window' },
    alias: { path: 'path-browserify' },
    // miniprogram-simulate requires fs only in Node mode; its browser mode reads __FILE_MAP__
    external: [],
    plugins: [
      {
        name: 'empty-node-modules',
        setup(b) {
          b.onResolve({ filter: /^(fs|miniprogram-compiler)$/ }, () => ({ path: 'empty', namespace: 'empty' }));
          b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {}', loader: 'js' }));
        },
      },
    ],
    sourcemap: 'linked',
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

export async function buildPreview(): Promise<{ files: number }> {
  await mkdir(PREVIEW_OUT, { recursive: true });
  const [files] = await Promise.all([writeFileMap(), bundleRuntime()]);
  for (const page of ['index.html', 'preview.css', 'favicon.svg']) await copyFile(path.join(PREVIEW_SRC, 'static', page), path.join(PREVIEW_OUT, page));
  return { files };
}
