/**
 * Stopping never crashes: `npm run emulator` whose data folder was deleted
 * while it ran stops on Ctrl-C with exit 0 and says what could not be kept,
 * without a stack trace and without recreating the folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useSdk } from '../test/cloud/sdk';
import { ROOT } from '../lib/paths';
import { describeUnsaved } from './index';
import { PayBook } from './pay/orders';

interface Running {
  url: string;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `npm run emulator` as a child on port 0; resolves once it listens. */
function startEmulatorProcess(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'emulator/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', CLOUD_DATA_DIR: dataDir, CLOUD_TIMERS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      const url = /local cloud for env \S+ at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        async stop(signal) {
          child.kill(signal);
          return { ...(await exited), stdout, stderr };
        },
      });
    });
    void exited.then(({ code }) => reject(new Error(`the emulator exited (${code}) before it listened: ${stderr}`)));
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('stopping the emulator', () => {
  it('after its data folder was deleted: exit 0, what was lost said, no stack, the folder not recreated', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'emulator-stop-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    const emulator = await startEmulatorProcess(dataDir);
    const sdk = useSdk({
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${emulator.url}/admin` }),
      TENCENTCLOUD_SECRETID: 'emulator-secret-id',
      TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
      TENCENTCLOUD: 'true',
      SCF_NAMESPACE: 'local-dev',
      TCB_ENV: 'local-dev',
      TCB_SOURCE: 'wx_cloudfunction',
      SILENCE: 'true',
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const categories = (sdk.database() as any).collection('categories');
    await categories.add({ data: { _id: 'kept-until-removed', name: 'before' } });
    expect(existsSync(path.join(dataDir, 'database/journal.jsonl'))).toBe(true);

    rmSync(dataDir, { recursive: true, force: true });
    for (const id of ['after-1', 'after-2', 'after-3']) await categories.add({ data: { _id: id, name: 'after' } });
    // the emulator still answers from memory
    expect((await categories.doc('after-2').get()).data).toMatchObject({ name: 'after' });

    const stopped = await emulator.stop('SIGINT');
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).not.toMatch(/\n\s+at |ENOENT|Error/);
    expect(stopped.stderr).toContain(`the data folder ${path.relative(ROOT, dataDir).startsWith('..') ? dataDir : path.relative(ROOT, dataDir)} was removed while running; 3 changes since could not be saved`);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('with its data folder in place: exit 0 and nothing said about lost data', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'emulator-stop-'));
    dirs.push(parent);
    const emulator = await startEmulatorProcess(path.join(parent, 'data'));
    const stopped = await emulator.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toBe('');
    expect(existsSync(path.join(parent, 'data/database/snapshot.jsonl'))).toBe(true);
  }, 60_000);
});

describe('the pay book, its folder removed', () => {
  it('counts the saves it could not make, prints no stack, and does not recreate the folder', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'paybook-'));
    dirs.push(parent);
    const dir = path.join(parent, 'pay');
    const book = await PayBook.open(dir);
    await book.save();
    expect(book.unsaved()).toEqual({ removed: false, updates: 0 });
    rmSync(dir, { recursive: true });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await book.save();
      await book.save();
      await book.close();
    } finally {
      console.error = original;
    }
    expect(book.unsaved()).toEqual({ removed: true, updates: 2 });
    expect(errors).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('describeUnsaved', () => {
  it('says nothing when all was kept, and what was lost otherwise', () => {
    const dir = path.join(ROOT, '.cloud-data');
    expect(describeUnsaved({ dataDirRemoved: false, databaseChanges: 0, payUpdates: 0 }, dir)).toBeNull();
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      expect(describeUnsaved({ dataDirRemoved: true, databaseChanges: 0, payUpdates: 0 }, dir)).toBe(
        'the data folder .cloud-data was removed while running; nothing changed since, so nothing more was lost. The next start begins with an empty one.',
      );
      expect(describeUnsaved({ dataDirRemoved: true, databaseChanges: 2, payUpdates: 1 }, dir)).toBe(
        'the data folder .cloud-data was removed while running; 3 changes since could not be saved (2 to the database, 1 to pay orders). The next start begins with an empty one.',
      );
    } finally {
      process.chdir(cwd);
    }
  });
});
