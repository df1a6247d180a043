/**
 * The database operations both SDK dialects share, on a Session (direct or
 * inside a transaction). Inputs are already decoded: filters and updates as
 * relaxed values with server dates resolved.
 */
import { randomBytes } from 'node:crypto';
import { EmulatorError, DATABASE_REQUEST_FAILED } from '../errors';
import { cloneValue, type Document } from './ejson';
import type { DocumentWrite } from './journal';
import { assertValidUpdate, findDocuments, matchDocuments, runPipeline, updatedDocument, upsertSeed, type FindOptions } from './query';
import type { Session } from './store';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface UpdateOptions {
  filter: Document;
  update: Document;
  /** `set()`: the update is the whole new document */
  replace: boolean;
  upsert: boolean;
  multi: boolean;
}

/** Like the cloud's ids: 32 hex characters. */
export function generateId(): string {
  return randomBytes(16).toString('hex');
}

function idOf(doc: Document): string {
  return String(doc._id);
}

/** Documents a filter selects; `{_id: x}` is looked up directly rather than scanned. */
function selectDocuments(session: Session, collection: string, filter: Document): Document[] {
  const keys = Object.keys(filter);
  if (keys.length === 1 && keys[0] === '_id' && (typeof filter._id === 'string' || typeof filter._id === 'number')) {
    const doc = session.document(collection, String(filter._id));
    return doc ? [doc] : [];
  }
  return keys.length === 0 ? session.documents(collection) : matchDocuments(session.documents(collection), filter);
}

export function clampLimit(limit: unknown): number {
  if (limit === undefined || limit === null || limit === '') return DEFAULT_LIMIT;
  const value = Number(limit);
  if (!Number.isInteger(value) || value < 0) throw new EmulatorError(DATABASE_REQUEST_FAILED, `limit must be a non-negative integer, got ${String(limit)}`);
  return value === 0 ? DEFAULT_LIMIT : Math.min(value, MAX_LIMIT);
}

export function find(session: Session, collection: string, options: FindOptions): { list: Document[]; total: number } {
  const result = findDocuments(selectDocuments(session, collection, options.filter), options);
  session.noteRead(
    collection,
    result.list.flatMap((doc) => (doc._id === undefined ? [] : [idOf(doc)])),
  );
  return result;
}

export function count(session: Session, collection: string, filter: Document): number {
  return selectDocuments(session, collection, filter).length;
}

export async function insert(session: Session, collection: string, docs: Document[]): Promise<string[]> {
  const prepared = docs.map((doc) => (doc._id === undefined || doc._id === null ? { _id: generateId(), ...doc } : cloneValue(doc)));
  for (const doc of prepared) {
    if (typeof doc._id !== 'string' && typeof doc._id !== 'number') throw new EmulatorError(DATABASE_REQUEST_FAILED, '_id must be a string or a number');
  }
  await session.mutate(collection, () => {
    const seen = new Set<string>();
    for (const doc of prepared) {
      const id = idOf(doc);
      if (seen.has(id) || session.document(collection, id)) {
        throw new EmulatorError(DATABASE_REQUEST_FAILED, `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`);
      }
      seen.add(id);
    }
    return prepared.map((doc) => ({ collection, id: idOf(doc), doc }));
  });
  return prepared.map(idOf);
}

export interface UpdateResult {
  updated: number;
  upsertedId: string | null;
  /** the first matched document after the update, for updateAndReturn */
  first: Document | null;
}

export async function update(session: Session, collection: string, options: UpdateOptions): Promise<UpdateResult> {
  assertValidUpdate(options.update, options.replace);
  let result: UpdateResult = { updated: 0, upsertedId: null, first: null };
  await session.mutate(collection, () => {
    const matched = selectDocuments(session, collection, options.filter);
    const targets = options.multi ? matched : matched.slice(0, 1);
    const writes: DocumentWrite[] = [];
    result = { updated: 0, upsertedId: null, first: null };
    for (const doc of targets) {
      const next = updatedDocument(doc, options.update, options.replace);
      if (next) writes.push({ collection, id: idOf(doc), doc: next });
      result.first ??= next ?? doc;
    }
    result.updated = writes.length;
    if (targets.length === 0 && options.upsert) {
      const seed = upsertSeed(options.filter);
      seed._id ??= generateId();
      const created = options.replace ? { ...cloneValue(options.update), _id: seed._id } : (updatedDocument(seed, options.update, false) ?? seed);
      result.upsertedId = idOf(created);
      result.first = created;
      writes.push({ collection, id: idOf(created), doc: created });
    }
    return writes;
  });
  session.noteRead(collection, result.first ? [idOf(result.first)] : []);
  return { ...result, first: result.first && cloneValue(result.first) };
}

export async function remove(session: Session, collection: string, filter: Document, multi: boolean): Promise<number> {
  let deleted = 0;
  await session.mutate(collection, () => {
    const matched = selectDocuments(session, collection, filter);
    const targets = multi ? matched : matched.slice(0, 1);
    deleted = targets.length;
    return targets.map((doc) => ({ collection, id: idOf(doc) }));
  });
  return deleted;
}

export function aggregate(session: Session, collection: string, pipeline: Document[]): Document[] {
  return runPipeline(session.documents(collection), pipeline, (name) => session.lookupDocuments(name));
}
