/**
 * The emulator's cloud database: answers the `database.*` actions of
 * wx-server-sdk 4 and of tcb-admin-node 1.23, durably, with MongoDB semantics
 * from mingo, real transaction isolation and an index check for tests.
 *
 * Collections exist only once created (`database.addCollection`, i.e.
 * `db.createCollection`, or `createCollection()` here for seeding), as in the
 * cloud: any action on another collection answers DATABASE_COLLECTION_NOT_EXIST.
 */
import type { ActionHandler, AdminRequest, EmulatorModule } from '../types';
import { EmulatorError, DATABASE_REQUEST_FAILED } from '../errors';
import { createSdkActions, type DatabaseContext } from './actions';
import { cloneValue, isPlainObject, resolveServerValues, type Document } from './ejson';
import { filterFields, isServedByIndex, uniqueIndexes, type IndexCatalog, type UnindexedQuery } from './indexes';
import { Journal } from './journal';
import { createLegacyActions } from './legacy-actions';
import { matchDocuments } from './query';
import { DirectSession, Store } from './store';
import { TransactionManager } from './transactions';
import { exportCollections, importCollections } from './transfer';

export type { IndexSpec, IndexCatalog, UnindexedQuery } from './indexes';

export interface DatabaseOptions {
  /** where the snapshot and journal live; created if missing */
  dataDir: string;
  /** the server's clock, for `db.serverDate()` */
  now?: () => Date;
  /** declared indexes by collection; when given, filtered queries no index serves are recorded */
  indexes?: IndexCatalog;
  /** journal size that triggers a snapshot while running (64 MB by default; small in tests) */
  compactJournalAfterBytes?: number;
}

export interface DatabaseModule extends EmulatorModule {
  actions: Record<string, ActionHandler>;
  close(): Promise<void>;
  /** whether its folder was removed while open, and the changes made since, which could not be kept */
  unsaved(): { removed: boolean; records: number };
  /** creates the collection if missing (for seeding); true when it was created */
  createCollection(name: string): Promise<boolean>;
  collectionNames(): string[];
  /** copies of the committed documents matching a MongoDB filter (all when absent) */
  find(collection: string, filter?: Document): Document[];
  /** writes every collection to `dir/<name>.json` (JSON Lines of relaxed EJSON); returns the names */
  exportTo(dir: string): Promise<string[]>;
  /** replaces each collection that has a `<name>.json` in `dir`, each atomically; returns the names */
  importFrom(dir: string): Promise<string[]>;
  /** filtered queries that no declared index serves, since open or the last clearDiagnostics() */
  unindexedQueries(): UnindexedQuery[];
  /** database actions made with this `wxCloudApiToken` (one function invocation) */
  roundTrips(token: string): number;
  clearDiagnostics(): void;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseModule> {
  const now = options.now ?? (() => new Date());
  const catalog = options.indexes;
  const { journal, state } = await Journal.open(options.dataDir, options.compactJournalAfterBytes);
  const store = new Store(state, journal, (collection) => uniqueIndexes(catalog?.[collection]));
  const transactions = new TransactionManager(store);
  let unindexed: UnindexedQuery[] = [];
  const trips = new Map<string, number>();
  let closed = false;

  const context: DatabaseContext = {
    store,
    transactions,
    direct: new DirectSession(store),
    now,
    checkIndexes(request: AdminRequest, collection: string, filter: Document) {
      if (!catalog) return;
      const fields = filterFields(filter);
      if (fields.length === 0 || isServedByIndex(fields, catalog[collection] ?? [])) return;
      unindexed.push({ collection, fields, token: request.token, action: request.action });
    },
  };

  const actions: Record<string, ActionHandler> = {};
  for (const [name, handler] of Object.entries({ ...createSdkActions(context), ...createLegacyActions(context) })) {
    actions[name] = guarded(
      name,
      handler,
      (token) => trips.set(token, (trips.get(token) ?? 0) + 1),
      () => closed,
    );
  }
  return {
    actions,
    async close() {
      if (closed) return;
      closed = true;
      transactions.abortAll();
      await journal.drain();
      await store.compact();
      await store.close();
    },
    unsaved: () => journal.unsaved(),
    createCollection: (name) => store.createCollection(name),
    collectionNames: () => store.collectionNames(),
    find(collection, filter = {}) {
      const docs = store.documents(collection);
      const selected = Object.keys(filter).length === 0 ? docs : matchDocuments(docs, resolveServerValues(filter, now) as Document);
      return selected.map((doc) => cloneValue(doc));
    },
    exportTo: (dir) => exportCollections(store, dir),
    importFrom: (dir) => importCollections(store, dir),
    unindexedQueries: () => [...unindexed],
    roundTrips: (token) => trips.get(token) ?? 0,
    clearDiagnostics() {
      unindexed = [];
      trips.clear();
    },
  };
}

/** Counts the round trip, checks the body is an object, and turns any unexpected failure into a refusal instead of a crash. */
function guarded(name: string, handler: ActionHandler, countTrip: (token: string) => void, isClosed: () => boolean): ActionHandler {
  return async (request) => {
    if (isClosed()) throw new EmulatorError(DATABASE_REQUEST_FAILED, `${name}: the database is closed`);
    countTrip(typeof request.token === 'string' ? request.token : '');
    if (!isPlainObject(request.body)) throw new EmulatorError('INVALID_PARAM', `${name}: the request body must be a JSON object`);
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof EmulatorError) throw error;
      throw new EmulatorError(DATABASE_REQUEST_FAILED, `${name} failed: ${(error as Error)?.message ?? String(error)}`);
    }
  };
}
