/**
 * npm run console-files -- --env <env-id> --bucket <bucket> [--out build/console]
 *
 * The files an operator imports in the cloud console as they are, made from
 * database-schema/: per collection its security rule (数据库 → 集合 → 数据权限 →
 * 自定义安全规则) and its indexes (索引管理), storage's security rule
 * (存储 → 权限设置), and the seed catalog in the
 * console's import format (数据库 → 导入: JSON Lines, one document a line,
 * dates as {"$date": ...}), with media file IDs of the given environment's
 * bucket; the media themselves under media/, to upload to storage as seed/.
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collections, storageRule } from '../database-schema';
import { buildSeedCourses, seedCategories, seedMediaFiles, seedStoragePath } from '../database-schema/seed/catalog';
import { DEMO_NOTIFICATION_SETTINGS, DEMO_PAYMENT_SETTINGS } from '../database-schema/seed/seed';
import { cliArgs } from '../lib/cli-args';
import { ROOT } from '../lib/paths';

const MEDIA_DIR = path.join(ROOT, 'database-schema/seed/media');

/** A document as the console's JSON import takes it: dates as {"$date": ISO}. */
export function toConsoleJson(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(toConsoleJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toConsoleJson(v)]));
  return value;
}

export const jsonLines = (docs: object[]): string => docs.map((d) => JSON.stringify(toConsoleJson(d))).join('\n') + '\n';

/** `cloud://<env>.<bucket>/<path>`: the file ID a file uploaded to that path gets. */
export const fileIdFor = (env: string, bucket: string) => (storagePath: string) => `cloud://${env}.${bucket}/${storagePath}`;

export async function writeConsoleFiles(out: string, env: string, bucket: string): Promise<string[]> {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, text: string) => {
    await writeFile(path.join(out, name), text);
    written.push(name);
  };
  for (const [name, spec] of Object.entries(collections)) {
    await write(`${name}.rule.json`, JSON.stringify(spec.rule, null, 2) + '\n');
    await write(`${name}.indexes.json`, JSON.stringify(spec.indexes, null, 2) + '\n');
  }
  await write('storage.rule.json', JSON.stringify(storageRule, null, 2) + '\n');
  await write('categories.json', jsonLines(seedCategories));
  await write('courses.json', jsonLines(buildSeedCourses(fileIdFor(env, bucket))));
  await write('settings.json', jsonLines([DEMO_PAYMENT_SETTINGS, DEMO_NOTIFICATION_SETTINGS]));
  for (const file of seedMediaFiles) {
    const target = path.join(out, 'media', seedStoragePath(file));
    await mkdir(path.dirname(target), { recursive: true });
    await cp(path.join(MEDIA_DIR, file), target);
  }
  written.push(`media/seed/ (${seedMediaFiles.length} files)`);
  return written;
}

const HELP = `npm run console-files -- --env <env-id> --bucket <bucket> [--out build/console]

  --env <id>       the cloud environment id (云开发控制台 → 概览)
  --bucket <name>  the storage bucket, as in any file ID there: cloud://<env>.<bucket>/...
  --out <dir>      where to write (default build/console)
  -h, --help       this help`;

async function main(): Promise<number> {
  const { values } = cliArgs({ usage: HELP, options: { env: { type: 'string' }, bucket: { type: 'string' }, out: { type: 'string' } } });
  if (!values.env || !values.bucket || !/^[a-z0-9-]+$/i.test(values.env) || !/^[a-z0-9-]+$/i.test(values.bucket)) {
    console.error(`--env and --bucket are required (letters, digits, dashes)\n\n${HELP}`);
    return 2;
  }
  const out = path.resolve(values.out ?? path.join(ROOT, 'build/console'));
  const written = await writeConsoleFiles(out, values.env, values.bucket);
  console.log(`wrote into ${path.relative(process.cwd(), out) || '.'}:\n  ${written.join('\n  ')}`);
  console.log('settings.json carries the demo merchant number and subscribe template: put your own subMchId and purchaseSucceededTemplateId in before importing (README).');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => (process.exitCode = code));
}
