import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every file under `dir` (none when it does not exist), skipping top-level folders named in `skip`. */
export async function walk(dir: string, skip: string[] = []): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (skip.includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}
