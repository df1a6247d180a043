/**
 * MongoDB semantics, all from mingo: filters, sort, projection, update
 * operators and aggregation. Nothing here matches documents by hand.
 */
import { Aggregator, Query, update as applyModifier } from 'mingo';
import type { Modifier } from 'mingo/updater';
import { isEqual } from 'mingo/util';
import { EmulatorError, DATABASE_REQUEST_FAILED } from '../errors';
import { cloneValue, isPlainObject, type Document } from './ejson';

export interface FindOptions {
  filter: Document;
  order?: Record<string, 1 | -1>;
  offset?: number;
  limit?: number;
  projection?: Document;
}

/** Runs mingo, answering its complaints (unknown operator, bad argument) as a refused request. */
function withMingo<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EmulatorError) throw error;
    throw new EmulatorError(DATABASE_REQUEST_FAILED, `${what}: ${(error as Error).message}`);
  }
}

export function matchDocuments(docs: Iterable<Document>, filter: Document): Document[] {
  return withMingo('query', () => {
    const query = new Query(filter);
    const matched: Document[] = [];
    for (const doc of docs) if (query.test(doc)) matched.push(doc);
    return matched;
  });
}

/** The page of matching documents (copies) and how many matched in all. */
export function findDocuments(docs: Iterable<Document>, options: FindOptions): { list: Document[]; total: number } {
  const matched = matchDocuments(docs, options.filter);
  return withMingo('query', () => {
    let cursor = new Query({}).find<Document>(matched, options.projection && Object.keys(options.projection).length > 0 ? options.projection : undefined);
    if (options.order && Object.keys(options.order).length > 0) cursor = cursor.sort(options.order);
    if (options.offset) cursor = cursor.skip(options.offset);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return { list: cursor.all().map((doc) => cloneValue(doc)), total: matched.length };
  });
}

export function isOperatorUpdate(update: Document): boolean {
  return Object.keys(update).some((key) => key.startsWith('$'));
}

/** Refuses an update MongoDB would refuse whatever it matches; returns it in operator form. */
export function assertValidUpdate(update: Document, replace: boolean): Document {
  if (replace) {
    if (isOperatorUpdate(update)) throw new EmulatorError(DATABASE_REQUEST_FAILED, 'a replacement document cannot contain update operators');
    return update;
  }
  const modifier = isOperatorUpdate(update) ? update : { $set: update };
  for (const [operator, fields] of Object.entries(modifier)) {
    if (!operator.startsWith('$')) throw new EmulatorError(DATABASE_REQUEST_FAILED, `cannot mix update operators and plain field ${operator}`);
    if (!isPlainObject(fields)) throw new EmulatorError(DATABASE_REQUEST_FAILED, `${operator} needs an object of fields`);
    if (Object.keys(fields).some((field) => field === '_id' || field.startsWith('_id.'))) {
      throw new EmulatorError(DATABASE_REQUEST_FAILED, "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
  }
  return modifier;
}

/**
 * The document after `update`: either an operator update (`$set`, `$inc`...)
 * or, with `replace`, a whole new body that keeps the `_id`.
 * Returns null when nothing changed.
 */
export function updatedDocument(current: Document, update: Document, replace: boolean): Document | null {
  if (replace) {
    assertValidUpdate(update, true);
    const next = { ...cloneValue(update), _id: current._id };
    return sameDocument(current, next) ? null : next;
  }
  const modifier = assertValidUpdate(update, false);
  const next = cloneValue(current);
  const changed = withMingo('update', () => applyModifier(next, modifier as Modifier<Document>, undefined, undefined, { cloneMode: 'deep' }));
  return changed.length > 0 ? next : null;
}

function sameDocument(a: Document, b: Document): boolean {
  const keysA = Object.keys(a);
  return keysA.length === Object.keys(b).length && keysA.every((key) => key in b && isEqual(a[key], b[key]));
}

/** The fields an upsert starts from: the filter's plain equalities, as MongoDB does. */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$') || field.includes('.')) continue;
    // `{field: {$eq: v}}` is an equality as MongoDB seeds upserts with it (tcb-admin-node's transactional set() sends `_id: {$eq}`)
    if (isPlainObject(value) && Object.keys(value).length === 1 && '$eq' in value) {
      seed[field] = cloneValue(value.$eq);
      continue;
    }
    if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) continue;
    seed[field] = cloneValue(value);
  }
  return seed;
}

export function runPipeline(docs: Document[], pipeline: Document[], collectionDocuments: (name: string) => Document[]): Document[] {
  return withMingo('aggregate', () =>
    new Aggregator(pipeline, { collectionResolver: (name: string) => collectionDocuments(name) })
      .run(docs.map((doc) => cloneValue(doc)))
      .map((doc) => cloneValue(doc as Document)),
  );
}
