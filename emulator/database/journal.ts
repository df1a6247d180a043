/**
 * Durability: a snapshot file plus an append-only journal in `dataDir`.
 *
 * Every acknowledged write is one journal line (canonical EJSON, so ints,
 * doubles and dates keep their types), written and fdatasync'ed before the
 * action's promise resolves. Lines that arrive while a sync is in flight are
 * written together by the next one (group commit), which keeps hundreds of
 * writes a second cheap. A transaction's commit is one line, so a crash keeps
 * all of it or none; a torn last line (the crash hit mid-write) was never
 * acknowledged and is dropped. Records are absolute (whole documents, whole
 * collections), so replaying one twice is harmless: that makes the
 * snapshot-then-truncate compaction safe at any crash point, and lets a
 * snapshot include changes whose journal lines are still waiting to be written.
 *
 * Compaction runs on open, on close, and between two flushes once the journal
 * passes a size (64 MB by default; no line is being written then, so truncating
 * loses nothing).
 *
 * If the folder is deleted while open (a person starting over with rm -rf
 * .cloud-data while the emulator runs), writes still land in the unlinked
 * journal file and the state in memory carries on, but none of it can be kept:
 * the journal notices (its file has no links left), stops compacting (which
 * would fail, or recreate the folder), and counts what it could not keep, so
 * that stopping can say so instead of crashing.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import { toCanonicalEJSON, type Document } from './ejson';

/** Collection name => documents by `_id`, in insertion order (the natural order of queries). */
export type CollectionsState = Map<string, Map<string, Document>>;

export interface DocumentWrite {
  collection: string;
  id: string;
  /** the whole new document; absent to delete */
  doc?: Document;
}

export type JournalRecord =
  | { op: 'create'; collection: string }
  | { op: 'commit'; writes: DocumentWrite[] }
  | { op: 'replace'; collection: string; docs: Document[] };

const SNAPSHOT_FILE = 'snapshot.jsonl';
/** holds the pid of the process that has the folder open: two writers would corrupt it */
const LOCK_FILE = 'LOCK';
const JOURNAL_FILE = 'journal.jsonl';
const SNAPSHOT_FORMAT = 'zhishi-emulator-database/1';
const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

interface PendingLine {
  line: string;
  resolve(): void;
  reject(error: unknown): void;
}

export function applyRecord(state: CollectionsState, record: JournalRecord): void {
  switch (record.op) {
    case 'create':
      if (!state.has(record.collection)) state.set(record.collection, new Map());
      return;
    case 'replace':
      state.set(record.collection, new Map(record.docs.map((doc) => [String(doc._id), doc])));
      return;
    case 'commit':
      for (const write of record.writes) {
        let docs = state.get(write.collection);
        if (!docs) {
          docs = new Map();
          state.set(write.collection, docs);
        }
        if (write.doc) docs.set(write.id, write.doc);
        else docs.delete(write.id);
      }
  }
}

export class Journal {
  private pending: PendingLine[] = [];
  private flushing: Promise<void> | null = null;
  private journalBytes = 0;
  /** the journal file was unlinked while open: nothing written from then on is kept */
  private removed = false;
  /** records written since the file was found unlinked */
  private lostRecords = 0;

  private constructor(
    private readonly dir: string,
    private readonly handle: fs.FileHandle,
    /** the live state, which the snapshot is written from */
    private readonly state: CollectionsState,
    private readonly compactAfterBytes: number,
  ) {}

  /** Loads the snapshot, replays the journal over it and compacts both into a fresh snapshot. */
  static async open(dir: string, compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES): Promise<{ journal: Journal; state: CollectionsState }> {
    await fs.mkdir(dir, { recursive: true });
    await acquireLock(dir);
    try {
      const state = await readSnapshot(path.join(dir, SNAPSHOT_FILE));
      for (const record of await readJournal(path.join(dir, JOURNAL_FILE))) applyRecord(state, record);
      const handle = await fs.open(path.join(dir, JOURNAL_FILE), 'a');
      const journal = new Journal(dir, handle, state, compactAfterBytes);
      await journal.compact();
      return { journal, state };
    } catch (error) {
      await releaseLock(dir);
      throw error;
    }
  }

  /** Resolves once the record is on disk. */
  append(record: JournalRecord): Promise<void> {
    const line = toCanonicalEJSON(record) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.flushing ??= this.flushPending();
    });
  }

  /** Whether the folder was removed while open, and how many records were written since (none of them kept). */
  unsaved(): { removed: boolean; records: number } {
    return { removed: this.removed, records: this.lostRecords };
  }

  /** An open file whose links are all gone was deleted (renaming the folder keeps its link). */
  private async checkRemoved(): Promise<boolean> {
    if (!this.removed && (await this.handle.stat()).nlink === 0) this.removed = true;
    return this.removed;
  }

  /** Writes the whole state as the snapshot and empties the journal, once pending lines are written. */
  async compact(): Promise<void> {
    await this.drain();
    // a snapshot into a removed folder fails (or recreates part of it): nothing to keep it in
    if (await this.checkRemoved()) return;
    // holding `flushing` makes appends meanwhile wait in `pending` instead of racing the truncation
    const compacting = this.writeSnapshot().finally(() => {
      this.flushing = this.pending.length > 0 ? this.flushPending() : null;
    });
    this.flushing = compacting;
    await compacting;
  }

  /** Only while no journal line is being written. */
  private async writeSnapshot(): Promise<void> {
    // built in one synchronous pass, so it is one consistent state
    const lines = [JSON.stringify({ format: SNAPSHOT_FORMAT, collections: [...this.state.keys()] })];
    for (const [collection, docs] of this.state) {
      for (const doc of docs.values()) lines.push(toCanonicalEJSON({ c: collection, d: doc }));
    }
    const target = path.join(this.dir, SNAPSHOT_FILE);
    const temporary = `${target}.tmp`;
    const file = await fs.open(temporary, 'w');
    try {
      await file.writeFile(lines.join('\n') + '\n');
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temporary, target);
    await syncDirectory(this.dir);
    await this.handle.truncate(0);
    await this.handle.sync();
    this.journalBytes = 0;
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.checkRemoved();
    await this.handle.close();
    await releaseLock(this.dir);
  }

  private async flushPending(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const text = batch.map((item) => item.line).join('');
      try {
        await this.handle.writeFile(text);
        await this.handle.datasync();
        // one fstat a group commit, far cheaper than its fdatasync
        if (await this.checkRemoved()) this.lostRecords += batch.length;
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
      this.journalBytes += Buffer.byteLength(text);
      if (this.journalBytes > this.compactAfterBytes && !this.removed) {
        await this.writeSnapshot().catch((error: unknown) => console.error('database: compaction failed, the journal keeps growing', error));
      }
    }
    this.flushing = null;
  }
}

const openInThisProcess = new Set<string>();

async function acquireLock(dir: string): Promise<void> {
  const resolved = path.resolve(dir);
  if (openInThisProcess.has(resolved)) throw new Error(`database folder ${dir} is already open in this process`);
  const holder = Number(await readIfExists(path.join(dir, LOCK_FILE)));
  // a holder that died (kill -9) leaves its pid behind: that lock is stale
  if (holder && holder !== process.pid && isAlive(holder)) throw new Error(`database folder ${dir} is in use by process ${holder}`);
  await fs.writeFile(path.join(dir, LOCK_FILE), String(process.pid));
  openInThisProcess.add(resolved);
}

async function releaseLock(dir: string): Promise<void> {
  openInThisProcess.delete(path.resolve(dir));
  await fs.rm(path.join(dir, LOCK_FILE), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readSnapshot(file: string): Promise<CollectionsState> {
  const state: CollectionsState = new Map();
  const text = await readIfExists(file);
  if (!text) return state;
  const [header, ...rows] = text.split('\n').filter((line) => line.length > 0);
  const { format, collections } = JSON.parse(header) as { format: string; collections: string[] };
  if (format !== SNAPSHOT_FORMAT) throw new Error(`${file}: unknown snapshot format ${format}`);
  for (const name of collections) state.set(name, new Map());
  for (const row of rows) {
    const { c, d } = EJSON.parse(row, { relaxed: true }) as { c: string; d: Document };
    state.get(c)?.set(String(d._id), d);
  }
  return state;
}

async function readJournal(file: string): Promise<JournalRecord[]> {
  const text = await readIfExists(file);
  if (!text) return [];
  const lines = text.split('\n');
  // the part after the last newline is a torn write that was never acknowledged
  lines.pop();
  return lines
    .filter((line) => line.length > 0)
    .map((line, index) => {
      try {
        return EJSON.parse(line, { relaxed: true }) as JournalRecord;
      } catch (error) {
        throw new Error(`${file}: line ${index + 1} is corrupt: ${(error as Error).message}`, { cause: error });
      }
    });
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A rename is durable only once its directory is synced. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
