/**
 * The committed state: collections in memory, every change journaled before
 * it is acknowledged, and for each document the sequence number of the commit
 * that last wrote it (transactions compare it with their start to detect
 * conflicts).
 */
import { EmulatorError, DATABASE_COLLECTION_NOT_EXIST } from '../errors';
import { INVALID_PARAM, type Document } from './ejson';
import { assertUniqueKeys, type IndexSpec } from './indexes';
import { applyRecord, type CollectionsState, type DocumentWrite, type Journal, type JournalRecord } from './journal';

export function documentKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

/** Names become export file names, so nothing that could leave the folder. */
export function assertCollectionName(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 128 || name.startsWith('.') || /[/\\\u0000-\u001f]/.test(name)) {
    throw new EmulatorError(INVALID_PARAM, `invalid collection name ${JSON.stringify(name)}`);
  }
}

export function collectionNotFound(collection: string): EmulatorError {
  return new EmulatorError(DATABASE_COLLECTION_NOT_EXIST, `Db or Table not exist: ${collection}. Create it first (db.createCollection)`);
}

/**
 * How an operation reads and writes: straight to the store, or through a
 * transaction. `mutate` runs `compute` (which reads through the session and
 * returns the writes) and applies its writes atomically, retrying `compute`
 * if it had to wait for a lock.
 */
export interface Session {
  documents(collection: string): Document[];
  document(collection: string, id: string): Document | undefined;
  /** the caller's answer depends on these documents: a transaction re-checks them at commit */
  noteRead(collection: string, ids: string[]): void;
  mutate(collection: string, compute: () => DocumentWrite[]): Promise<void>;
  /** aggregation `$lookup` reads other collections; a missing one reads as empty, as in MongoDB */
  lookupDocuments(collection: string): Document[];
}

export class Store {
  private sequence = 0;
  private readonly lastWrites = new Map<string, number>();

  constructor(
    private readonly state: CollectionsState,
    private readonly journal: Journal,
    readonly uniqueIndexes: (collection: string) => IndexSpec[],
  ) {}

  /** the number of the latest commit */
  get commitSequence(): number {
    return this.sequence;
  }

  hasCollection(collection: string): boolean {
    return this.state.has(collection);
  }

  collectionNames(): string[] {
    return [...this.state.keys()].sort();
  }

  documents(collection: string): Document[] {
    const docs = this.state.get(collection);
    if (!docs) throw collectionNotFound(collection);
    return [...docs.values()];
  }

  document(collection: string, id: string): Document | undefined {
    return this.state.get(collection)?.get(id);
  }

  /** the commit that last wrote this document (0: none since the database opened) */
  lastWrite(collection: string, id: string): number {
    return this.lastWrites.get(documentKey(collection, id)) ?? 0;
  }

  /** false when it already existed */
  async createCollection(collection: string): Promise<boolean> {
    assertCollectionName(collection);
    if (this.state.has(collection)) return false;
    await this.record({ op: 'create', collection });
    return true;
  }

  /** Applies already validated writes at once; resolves when they are on disk. */
  commit(writes: DocumentWrite[]): Promise<void> {
    if (writes.length === 0) return Promise.resolve();
    return this.record({ op: 'commit', writes }, writes);
  }

  replaceCollection(collection: string, docs: Document[]): Promise<void> {
    assertCollectionName(collection);
    const writes = [...(this.state.get(collection)?.keys() ?? []), ...docs.map((doc) => String(doc._id))].map((id) => ({ collection, id }));
    return this.record({ op: 'replace', collection, docs }, writes);
  }

  compact(): Promise<void> {
    return this.journal.compact();
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  /** Memory first (so the next request sees it), then the journal; the caller's answer waits for the disk. */
  private record(record: JournalRecord, touched: { collection: string; id: string }[] = []): Promise<void> {
    applyRecord(this.state, record);
    this.sequence += 1;
    for (const { collection, id } of touched) this.lastWrites.set(documentKey(collection, id), this.sequence);
    return this.journal.append(record);
  }
}

/** Outside any transaction: each operation commits on its own. */
export class DirectSession implements Session {
  constructor(private readonly store: Store) {}

  documents(collection: string): Document[] {
    return this.store.documents(collection);
  }

  document(collection: string, id: string): Document | undefined {
    if (!this.store.hasCollection(collection)) throw collectionNotFound(collection);
    return this.store.document(collection, id);
  }

  noteRead(): void {}

  lookupDocuments(collection: string): Document[] {
    return this.store.hasCollection(collection) ? this.store.documents(collection) : [];
  }

  async mutate(collection: string, compute: () => DocumentWrite[]): Promise<void> {
    const writes = compute();
    const written = writes.flatMap((write) => (write.doc ? [write.doc] : []));
    assertUniqueKeys(collection, this.store.uniqueIndexes(collection), this.store.documents(collection), written);
    await this.store.commit(writes);
  }
}
