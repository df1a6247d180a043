/**
 * Transactions with real isolation, optimistic like MongoDB's:
 *
 * - A transaction buffers its writes (its own reads see them); nothing is
 *   visible to others, or on disk, before commit, and an abort drops it all.
 * - Writing a document takes its lock. A second transaction that wants the
 *   same document waits until the holder ends, then re-checks: if the holder
 *   committed, the document changed after this transaction started, which is
 *   a conflict. A wait that would close a cycle (deadlock) or last over
 *   LOCK_WAIT_MS is a conflict too.
 * - Conflicts are answered at COMMIT, as DATABASE_TRANSACTION_CONFLICT, and
 *   the transaction is aborted by the emulator. Only there does the SDK's
 *   runTransaction see the code and retry: wx-server-sdk turns an error of a
 *   read or write inside the callback into errCode -501001 and the retry never
 *   happens. So a transaction that ran into a conflict is "doomed": its
 *   actions still answer (from its own view, taking no locks), its commit is
 *   refused.
 * - At commit, every document the transaction read or wrote must be unchanged
 *   since it started (a write outside transactions also counts), else conflict.
 *   So two transactions touching the same document never both commit.
 * - The commit is one journal record: all of it survives a crash, or none.
 */
import { randomBytes } from 'node:crypto';
import { EmulatorError, DATABASE_REQUEST_FAILED, DATABASE_TRANSACTION_CONFLICT } from '../errors';
import type { Document } from './ejson';
import { assertUniqueKeys } from './indexes';
import type { DocumentWrite } from './journal';
import { collectionNotFound, documentKey, type Session, type Store } from './store';

/** how long a transaction waits for another's lock before giving up with a conflict */
const LOCK_WAIT_MS = 3_000;
/** a transaction idle this long (its function crashed?) loses its locks to the next one that needs them */
const IDLE_LIMIT_MS = 30_000;
const FINISHED_MEMORY = 10_000;

type Outcome = 'committed' | 'aborted';

class Transaction implements Session {
  /** collection => id => new document, or null for deleted */
  readonly overlay = new Map<string, Map<string, Document | null>>();
  readonly reads = new Set<string>();
  readonly locked = new Set<string>();
  lastActive = Date.now();
  /** the transaction whose lock this one waits for, if any */
  waitingFor: Transaction | null = null;
  /** why this transaction will be refused at commit (a conflict it ran into), if it will */
  doomedBy: string | undefined;
  private endNow!: () => void;
  /** resolves when the transaction commits or aborts */
  readonly ended = new Promise<void>((resolve) => (this.endNow = resolve));

  constructor(
    readonly id: string,
    readonly startSequence: number,
    private readonly store: Store,
    private readonly manager: TransactionManager,
  ) {}

  documents(collection: string): Document[] {
    const committed = this.store.documents(collection);
    const changes = this.overlay.get(collection);
    if (!changes) return committed;
    const view: Document[] = [];
    for (const doc of committed) {
      const id = String(doc._id);
      if (!changes.has(id)) view.push(doc);
      else if (changes.get(id)) view.push(changes.get(id) as Document);
    }
    for (const [id, doc] of changes) if (doc && !this.store.document(collection, id)) view.push(doc);
    return view;
  }

  document(collection: string, id: string): Document | undefined {
    if (!this.store.hasCollection(collection)) throw collectionNotFound(collection);
    const changes = this.overlay.get(collection);
    if (changes?.has(id)) return changes.get(id) ?? undefined;
    return this.store.document(collection, id);
  }

  noteRead(collection: string, ids: string[]): void {
    for (const id of ids) this.reads.add(documentKey(collection, id));
  }

  lookupDocuments(collection: string): Document[] {
    return this.store.hasCollection(collection) ? this.documents(collection) : [];
  }

  async mutate(collection: string, compute: () => DocumentWrite[]): Promise<void> {
    for (;;) {
      this.lastActive = Date.now();
      const writes = compute();
      // a doomed transaction cannot commit: it neither waits for locks nor takes them
      const holder = this.doomedBy ? undefined : this.manager.lockHolderOf(this, writes);
      if (holder) {
        if (holder.isWaitingFor(this)) {
          this.doom(`deadlock with transaction ${holder.id}`);
        } else {
          this.waitingFor = holder;
          const released = await Promise.race([holder.ended.then(() => true), delay(LOCK_WAIT_MS).then(() => false)]);
          this.waitingFor = null;
          if (released) continue;
          this.doom(`waited ${LOCK_WAIT_MS} ms for transaction ${holder.id}`);
        }
      }
      for (const write of writes) {
        if (this.store.lastWrite(write.collection, write.id) > this.startSequence) {
          this.doom(`document ${write.id} of ${write.collection} changed since the transaction started`);
        }
      }
      const written = writes.flatMap((write) => (write.doc ? [write.doc] : []));
      assertUniqueKeys(collection, this.store.uniqueIndexes(collection), this.documents(collection), written);
      for (const write of writes) {
        if (!this.doomedBy) {
          const key = documentKey(write.collection, write.id);
          this.locked.add(key);
          this.manager.lock(key, this);
        }
        let changes = this.overlay.get(write.collection);
        if (!changes) this.overlay.set(write.collection, (changes = new Map()));
        changes.set(write.id, write.doc ?? null);
      }
      return;
    }
  }

  /** Marks the transaction as one that must not commit; the first reason is the one reported. */
  private doom(reason: string): void {
    this.doomedBy ??= reason;
  }

  /** whether this transaction waits, directly or through others, for `other` */
  isWaitingFor(other: Transaction): boolean {
    for (let next = this.waitingFor; next; next = next.waitingFor) if (next === other) return true;
    return false;
  }

  /** the buffered writes, as one commit */
  pendingWrites(): DocumentWrite[] {
    const writes: DocumentWrite[] = [];
    for (const [collection, changes] of this.overlay) {
      for (const [id, doc] of changes) writes.push(doc ? { collection, id, doc } : { collection, id });
    }
    return writes;
  }

  markEnded(): void {
    this.endNow();
  }
}

export class TransactionManager {
  private readonly live = new Map<string, Transaction>();
  private readonly finished = new Map<string, Outcome>();
  private readonly locks = new Map<string, Transaction>();

  constructor(private readonly store: Store) {}

  start(): string {
    // transactions whose function died without commit or abort
    for (const transaction of [...this.live.values()]) if (Date.now() - transaction.lastActive > IDLE_LIMIT_MS) this.end(transaction, 'aborted');
    const id = `tx-${randomBytes(12).toString('hex')}`;
    this.live.set(id, new Transaction(id, this.store.commitSequence, this.store, this));
    return id;
  }

  /** The session an action with `transactionId` reads and writes through. */
  session(transactionId: string): Session {
    const transaction = this.live.get(transactionId);
    if (transaction) {
      transaction.lastActive = Date.now();
      return transaction;
    }
    throw this.endedError(transactionId);
  }

  async commit(transactionId: string): Promise<void> {
    const transaction = this.live.get(transactionId);
    if (!transaction) {
      if (this.finished.get(transactionId) === 'committed') return;
      throw this.endedError(transactionId);
    }
    if (transaction.doomedBy) throw this.conflict(transaction, transaction.doomedBy);
    for (const key of new Set([...transaction.reads, ...transaction.locked])) {
      const [collection, id] = key.split('\u0000');
      if (this.store.lastWrite(collection, id) > transaction.startSequence) {
        throw this.conflict(transaction, `document ${id} of ${collection} changed since the transaction started`);
      }
    }
    const writes = transaction.pendingWrites();
    try {
      for (const [collection, changes] of transaction.overlay) {
        const written = [...changes.values()].filter((doc): doc is Document => doc !== null);
        assertUniqueKeys(collection, this.store.uniqueIndexes(collection), transaction.documents(collection), written);
      }
    } catch (error) {
      this.end(transaction, 'aborted');
      throw error;
    }
    const durable = this.store.commit(writes);
    this.end(transaction, 'committed');
    await durable;
  }

  /** Aborting an unknown or already ended transaction is harmless: the SDK aborts after errors, ours included. */
  abort(transactionId: string): void {
    const transaction = this.live.get(transactionId);
    if (transaction) this.end(transaction, 'aborted');
  }

  lockHolderOf(transaction: Transaction, writes: DocumentWrite[]): Transaction | undefined {
    for (const write of writes) {
      const holder = this.locks.get(documentKey(write.collection, write.id));
      if (!holder || holder === transaction) continue;
      if (Date.now() - holder.lastActive > IDLE_LIMIT_MS) {
        this.end(holder, 'aborted');
        continue;
      }
      return holder;
    }
    return undefined;
  }

  lock(key: string, transaction: Transaction): void {
    this.locks.set(key, transaction);
  }

  /** Aborts the losing transaction and returns the error that tells the SDK's runTransaction to retry (at commit). */
  conflict(transaction: Transaction, reason: string): EmulatorError {
    this.end(transaction, 'aborted');
    return new EmulatorError(DATABASE_TRANSACTION_CONFLICT, `DATABASE_TRANSACTION_CONFLICT: transaction ${transaction.id} aborted by a write conflict: ${reason}`);
  }

  abortAll(): void {
    for (const transaction of [...this.live.values()]) this.end(transaction, 'aborted');
  }

  private end(transaction: Transaction, outcome: Outcome): void {
    if (!this.live.delete(transaction.id)) return;
    for (const key of transaction.locked) if (this.locks.get(key) === transaction) this.locks.delete(key);
    this.finished.set(transaction.id, outcome);
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.keys().next().value as string);
    transaction.markEnded();
  }

  private endedError(transactionId: string): EmulatorError {
    const outcome = this.finished.get(transactionId);
    if (outcome === 'aborted') {
      return new EmulatorError(DATABASE_TRANSACTION_CONFLICT, `DATABASE_TRANSACTION_CONFLICT: transaction ${transactionId} was aborted (a conflict, a timeout or abortTransaction)`);
    }
    if (outcome === 'committed') return new EmulatorError(DATABASE_REQUEST_FAILED, `Transaction ${transactionId} is already committed`);
    return new EmulatorError(DATABASE_REQUEST_FAILED, `Transaction ${transactionId} does not exist`);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
