/**
 * Every write the database acknowledged survives kill -9, and all data a
 * restart, through an export and an import.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './index';
import { temporaryDir } from './test-harness';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'durability-child.ts');

/** Starts the writer, kills it with SIGKILL once it acknowledged `atLeast` writes; returns what it acknowledged. */
function writeUntilKilled(dataDir: string, atLeast: number, compactJournalAfterBytes?: number): Promise<{ acknowledged: string[]; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', CHILD, dataDir, ...(compactJournalAfterBytes ? [String(compactJournalAfterBytes)] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: string[] = [];
    let buffered = '';
    let started = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') started = Date.now();
        else if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
      }
      if (acknowledged.length >= atLeast && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve({ acknowledged, elapsedMs: Date.now() - started });
      else reject(new Error(`the writer exited by itself: ${stderr}`));
    });
  });
}

async function expectAllAcknowledged(dataDir: string, acknowledged: string[]): Promise<void> {
  const database = await openDatabase({ dataDir });
  try {
    const ids = new Set(database.find('acks').map((doc) => String(doc._id)));
    for (const id of acknowledged) expect(ids.has(id), id).toBe(true);
    const [counter] = database.find('acks', { _id: 'counter' });
    expect(counter.n).toBeGreaterThanOrEqual(acknowledged.length);
  } finally {
    await database.close();
  }
}

describe('durability', () => {
  it('keeps every acknowledged write after kill -9, at hundreds of writes a second', async () => {
    const dataDir = temporaryDir('db-kill');
    const { acknowledged, elapsedMs } = await writeUntilKilled(dataDir, 400);
    // two writes (an insert and an update) per acknowledgement
    const writesPerSecond = (acknowledged.length * 2 * 1000) / elapsedMs;
    expect(writesPerSecond).toBeGreaterThan(200);
    await expectAllAcknowledged(dataDir, acknowledged);
  }, 60_000);

  it('keeps every acknowledged write after kill -9 while the journal keeps being compacted', async () => {
    const dataDir = temporaryDir('db-kill-compacting');
    const { acknowledged } = await writeUntilKilled(dataDir, 300, 4_000);
    // the snapshot was rewritten while writing: it holds more than the header
    expect(readFileSync(path.join(dataDir, 'snapshot.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(50);
    await expectAllAcknowledged(dataDir, acknowledged);
  }, 60_000);

  it('replays the journal and drops a torn last line (the crash hit mid-write)', async () => {
    const dataDir = temporaryDir('db-torn');
    const first = await openDatabase({ dataDir });
    await first.createCollection('notes');
    await first.close();
    // what a crash leaves: whole journal lines, then half of one
    const line = (id: string) => JSON.stringify({ op: 'commit', writes: [{ collection: 'notes', id, doc: { _id: id } }] });
    writeFileSync(path.join(dataDir, 'journal.jsonl'), `${line('kept')}\n${line('torn').slice(0, 40)}`);
    const reopened = await openDatabase({ dataDir });
    expect(reopened.find('notes').map((doc) => doc._id)).toEqual(['kept']);
    await reopened.close();
  });

  it('one process at a time', async () => {
    const dataDir = temporaryDir('db-lock');
    const open = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(/already open/);
    await open.close();
    await (await openDatabase({ dataDir })).close();
  });

  it('survives a restart, and moves through export and import', async () => {
    const dataDir = temporaryDir('db-restart');
    const original = await openDatabase({ dataDir });
    await original.createCollection('courses');
    await original.createCollection('empty');
    const insert = original.actions['database.insertDocument'];
    await insert({
      action: 'database.insertDocument',
      body: { collectionName: 'courses', data: [JSON.stringify({ _id: 'c1', priceFen: { $numberInt: '990' }, ratio: { $numberDouble: '0.5' }, at: { $date: { $numberLong: '1700000000000' } }, tags: ['a'] })] },
      parts: {},
      token: '',
      envName: '',
    });
    await original.close();

    const restarted = await openDatabase({ dataDir });
    const expected = [{ _id: 'c1', priceFen: 990, ratio: 0.5, at: new Date(1700000000000), tags: ['a'] }];
    expect(restarted.find('courses')).toEqual(expected);
    expect(restarted.collectionNames()).toEqual(['courses', 'empty']);

    const exportDir = temporaryDir('db-export');
    expect(await restarted.exportTo(exportDir)).toEqual(['courses', 'empty']);
    expect(readFileSync(path.join(exportDir, 'courses.json'), 'utf8')).toBe(
      '{"_id":"c1","priceFen":990,"ratio":0.5,"at":{"$date":"2023-11-14T22:13:20Z"},"tags":["a"]}\n',
    );
    expect(existsSync(path.join(exportDir, 'empty.json'))).toBe(true);

    const elsewhere = await openDatabase({ dataDir: temporaryDir('db-import') });
    await elsewhere.createCollection('courses');
    await elsewhere.createCollection('untouched');
    await elsewhere.actions['database.insertDocument']({ action: 'database.insertDocument', body: { collectionName: 'courses', data: ['{"_id":"replaced"}'] }, parts: {}, token: '', envName: '' });
    expect(await elsewhere.importFrom(exportDir)).toEqual(['courses', 'empty']);
    expect(elsewhere.find('courses')).toEqual(expected);
    expect(elsewhere.collectionNames()).toEqual(['courses', 'empty', 'untouched']);
    await restarted.close();
    await elsewhere.close();
  });

  it('refuses an import with a broken line, changing nothing', async () => {
    const database = await openDatabase({ dataDir: temporaryDir('db-bad-import') });
    await database.createCollection('a');
    const dir = temporaryDir('db-bad-files');
    writeFileSync(path.join(dir, 'a.json'), '{"_id":"x"}\n');
    writeFileSync(path.join(dir, 'b.json'), '{"_id":\n');
    await expect(database.importFrom(dir)).rejects.toThrow(/b\.json: line 1/);
    expect(database.find('a')).toEqual([]);
    await database.close();
  });
});
