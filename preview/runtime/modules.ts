/**
 * The mini-program's CommonJS modules in the browser, resolved as DevTools
 * does: relative paths from the requiring file, bare names from the nearest
 * miniprogram_npm/ (npmFolders). A module runs once and is shared (services keep state
 * across pages, as on the phone); a component's own file runs again each time
 * miniprogram-simulate loads it, because that is when it calls Component().
 */
// bundled as path-browserify (preview/build.ts aliases it)
import pathPosix from 'path';

type ModuleRecord = { exports: unknown };

/** miniprogram-simulate's browser mode reads files from here (preview/build.ts writes it). */
export function fileMap(): Record<string, unknown> {
  return (window as unknown as { __FILE_MAP__: Record<string, unknown> }).__FILE_MAP__;
}

function source(file: string): string | undefined {
  const content = fileMap()[file.replace(/^\//, '')];
  return typeof content === 'string' ? content : undefined;
}

/** `/pages/home/index` + `../../services/cloud` → `/services/cloud.js` */
/**
 * Where a bare request is looked for, as the mini-program's require does:
 * the miniprogram_npm folder beside the requiring file and each one above it,
 * the root's last (TDesign keeps its own dayjs in one of its own).
 */
function npmFolders(fromFile: string): string[] {
  const folders: string[] = [];
  for (let dir = pathPosix.dirname(fromFile); dir !== '/' && dir !== '.'; dir = pathPosix.dirname(dir)) {
    if (!dir.endsWith('/miniprogram_npm')) folders.push(`${dir}/miniprogram_npm`);
  }
  folders.push('/miniprogram_npm');
  return folders;
}

export function resolveModule(fromFile: string, request: string): string {
  const candidates = (base: string) => [base, `${base}.js`, `${base}/index.js`];
  const bases =
    request.startsWith('.') || request.startsWith('/')
      ? [request.startsWith('/') ? request : pathPosix.join(pathPosix.dirname(fromFile), request)]
      : npmFolders(fromFile).map((folder) => `${folder}/${request}`);
  for (const base of bases) {
    for (const file of candidates(base)) if (source(file) !== undefined) return file;
  }
  throw new Error(`module not found: ${request} (required from ${fromFile})`);
}

const cache = new Map<string, ModuleRecord>();

function execute(file: string, record: ModuleRecord): void {
  const code = source(file);
  if (code === undefined) throw new Error(`module not found: ${file}`);
  const requireFrom = (request: string) => requireModule(resolveModule(file, request));
  // sourceURL names the file in the browser's devtools and stack traces
  const fn = new Function('require', 'module', 'exports', `${code}\n//# sourceURL=mp://${file}`);
  fn.call(record.exports, requireFrom, record, record.exports);
}

export function requireModule(file: string): unknown {
  const cached = cache.get(file);
  if (cached) return cached.exports;
  const record: ModuleRecord = { exports: {} };
  cache.set(file, record);
  try {
    execute(file, record);
  } catch (error) {
    cache.delete(file);
    throw error;
  }
  return record.exports;
}

/** A component's file (`/pages/home/index`, no extension), run afresh: see above. */
export function runComponentFile(componentPath: string): unknown {
  const record: ModuleRecord = { exports: {} };
  execute(resolveModule('/', componentPath.startsWith('/') ? componentPath : `/${componentPath}`), record);
  return record.exports;
}
