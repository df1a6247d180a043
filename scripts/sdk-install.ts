/**
 * What `npm install wx-server-sdk@<version>` would put in a function's
 * node_modules, measured from our own install without any network: the
 * package and everything its dependencies pull in, resolved as Node.js
 * resolves them (nested node_modules first, then each folder up to the
 * root), each package's files counted once. A user who does not bundle
 * uploads this with every function; `npm run bench` sets our bundles against it.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../lib/paths';

export interface InstalledTree {
  /** package folders, relative to the root */
  packages: string[];
  files: number;
  bytes: number;
}

/** Files of one package, without the packages nested in its own node_modules (counted as packages of their own). */
async function packageFiles(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      const sub = await packageFiles(p);
      files += sub.files;
      bytes += sub.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += (await stat(p)).size;
    }
  }
  return { files, bytes };
}

/** The folder Node.js would load `name` from when required inside `fromDir` (a package folder). */
function resolvePackage(name: string, fromDir: string, root: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

export async function installedTree(name: string, root = ROOT): Promise<InstalledTree> {
  const start = resolvePackage(name, root, root);
  if (!start) throw new Error(`${name} is not installed under ${root}/node_modules: run npm install`);
  const seen = new Set<string>();
  const queue = [start];
  let files = 0;
  let bytes = 0;
  while (queue.length) {
    const dir = queue.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const counted = await packageFiles(dir);
    files += counted.files;
    bytes += counted.bytes;
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    // npm installs optional and peer dependencies too (when it can); a missing optional one is skipped, as npm skips it
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = [...Object.keys(pkg.optionalDependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
    for (const dep of required) {
      const found = resolvePackage(dep, dir, root);
      if (!found) throw new Error(`${path.relative(root, dir)} needs ${dep}, which is not installed`);
      queue.push(found);
    }
    for (const dep of optional) {
      const found = resolvePackage(dep, dir, root);
      if (found) queue.push(found);
    }
  }
  return { packages: [...seen].map((d) => path.relative(root, d)).sort(), files, bytes };
}
