/**
 * The wx-server-sdk 4 dialect (@cloudbase/database 1.4.3): `database.*`
 * actions whose queries, documents and results are canonical EJSON strings.
 * Shapes follow docs/wire-protocol.md and the SDK's query.ts,
 * document.ts and transaction/index.ts.
 */
import type { ActionHandler, AdminRequest } from '../types';
import { EmulatorError } from '../errors';
import { INVALID_PARAM, parseEJSON, parseEJSONObject, resolveServerValues, toCanonicalEJSON, isPlainObject, type Document } from './ejson';
import * as operations from './operations';
import type { Session, Store } from './store';
import type { TransactionManager } from './transactions';

/** What the action handlers of both dialects need from the database. */
export interface DatabaseContext {
  store: Store;
  transactions: TransactionManager;
  direct: Session;
  now: () => Date;
  /** notes a filtered query for the index check */
  checkIndexes(request: AdminRequest, collection: string, filter: Document): void;
}

export function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) throw new EmulatorError(INVALID_PARAM, `"${field}" is required (a non-empty string)`);
  return value;
}

export function sessionFor(context: DatabaseContext, body: Record<string, unknown>): Session {
  const transactionId = body.transactionId;
  if (transactionId === undefined || transactionId === null || transactionId === '') return context.direct;
  if (typeof transactionId !== 'string') throw new EmulatorError(INVALID_PARAM, '"transactionId" must be a string');
  return context.transactions.session(transactionId);
}

/** `query` as sent: absent means every document. */
function decodeFilter(context: DatabaseContext, body: Record<string, unknown>): Document {
  if (body.query === undefined || body.query === null || body.query === '') return {};
  return resolveServerValues(parseEJSONObject(body.query, 'query'), context.now) as Document;
}

/** `order`: `{"price":-1}`, or the list form `[{field, direction}]` older builds send. */
export function decodeOrder(order: unknown): Record<string, 1 | -1> | undefined {
  if (order === undefined || order === null || order === '') return undefined;
  const value = typeof order === 'string' ? parseEJSON(order, 'order') : order;
  const sort: Record<string, 1 | -1> = {};
  const direction = (raw: unknown): 1 | -1 => (raw === -1 || raw === 'desc' || raw === '-1' ? -1 : 1);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isPlainObject(item) || typeof item.field !== 'string') throw new EmulatorError(INVALID_PARAM, '"order" items need a "field"');
      sort[item.field] = direction(item.direction);
    }
  } else if (isPlainObject(value)) {
    for (const [field, raw] of Object.entries(value)) sort[field] = direction(raw);
  } else {
    throw new EmulatorError(INVALID_PARAM, '"order" must be an object or a list');
  }
  return sort;
}

function decodeOffset(offset: unknown): number {
  const value = Number(offset ?? 0);
  if (!Number.isInteger(value) || value < 0) throw new EmulatorError(INVALID_PARAM, `"offset" must be a non-negative integer, got ${String(offset)}`);
  return value;
}

function decodeInsertData(context: DatabaseContext, data: unknown): Document[] {
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw new EmulatorError(INVALID_PARAM, '"data" holds no document');
  return items.map((item, index) => resolveServerValues(parseEJSONObject(item, `data[${index}]`), context.now) as Document);
}

function decodeUpdate(context: DatabaseContext, body: Record<string, unknown>): Document {
  if (body.data === undefined) throw new EmulatorError(INVALID_PARAM, '"data" is required');
  return resolveServerValues(parseEJSONObject(body.data, 'data'), context.now) as Document;
}

export function createSdkActions(context: DatabaseContext): Record<string, ActionHandler> {
  const { transactions } = context;
  return {
    'database.getDocument': async ({ body, ...request }) => {
      const collection = requireString(body, 'collectionName');
      const filter = decodeFilter(context, body);
      if (body.queryType !== 'DOC') context.checkIndexes({ body, ...request }, collection, filter);
      const limit = operations.clampLimit(body.limit);
      const offset = decodeOffset(body.offset);
      const projection = body.projection ? parseEJSONObject(body.projection, 'projection') : undefined;
      const { list, total } = operations.find(sessionFor(context, body), collection, {
        filter,
        order: decodeOrder(body.order),
        offset,
        limit,
        projection,
      });
      return { data: { list: list.map(toCanonicalEJSON) }, total, limit, offset };
    },

    'database.calculateDocument': async ({ body, ...request }) => {
      const collection = requireString(body, 'collectionName');
      const filter = decodeFilter(context, body);
      context.checkIndexes({ body, ...request }, collection, filter);
      return { data: { total: operations.count(sessionFor(context, body), collection, filter) } };
    },

    'database.insertDocument': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      const insertedIds = await operations.insert(sessionFor(context, body), collection, decodeInsertData(context, body.data));
      return { data: { insertedIds } };
    },

    'database.modifyDocument': async ({ body, ...request }) => {
      const collection = requireString(body, 'collectionName');
      const filter = decodeFilter(context, body);
      if (body.queryType !== 'DOC') context.checkIndexes({ body, ...request }, collection, filter);
      const result = await operations.update(sessionFor(context, body), collection, {
        filter,
        update: decodeUpdate(context, body),
        replace: body.merge === false,
        upsert: body.upsert === true,
        multi: body.multi === true,
      });
      return { data: { updated: result.updated, upsert_id: result.upsertedId } };
    },

    // `where().updateAndReturn()`: one document, answered as it is after the update
    'database.modifyAndReturnDoc': async ({ body, ...request }) => {
      const collection = requireString(body, 'collectionName');
      const filter = decodeFilter(context, body);
      context.checkIndexes({ body, ...request }, collection, filter);
      const result = await operations.update(sessionFor(context, body), collection, {
        filter,
        update: decodeUpdate(context, body),
        replace: false,
        upsert: false,
        multi: false,
      });
      return { data: { updated: result.updated, doc: result.first ? toCanonicalEJSON(result.first) : null } };
    },

    'database.removeDocument': async ({ body, ...request }) => {
      const collection = requireString(body, 'collectionName');
      const filter = decodeFilter(context, body);
      if (body.queryType !== 'DOC') context.checkIndexes({ body, ...request }, collection, filter);
      const deleted = await operations.remove(sessionFor(context, body), collection, filter, body.queryType !== 'DOC' && body.multi !== false);
      return { data: { deleted } };
    },

    'database.aggregateDocuments': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      if (!Array.isArray(body.stages)) throw new EmulatorError(INVALID_PARAM, '"stages" must be a list of {stageKey, stageValue}');
      const pipeline = body.stages.map((stage: unknown, index: number) => {
        if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || !stage.stageKey.startsWith('$')) {
          throw new EmulatorError(INVALID_PARAM, `stages[${index}] needs a stageKey like "$match"`);
        }
        return { [stage.stageKey]: resolveServerValues(parseEJSON(stage.stageValue, `stages[${index}].stageValue`), context.now) };
      });
      const list = operations.aggregate(sessionFor(context, body), collection, pipeline);
      return { data: { list: list.map(toCanonicalEJSON) } };
    },

    'database.addCollection': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      if (!(await context.store.createCollection(collection))) {
        throw new EmulatorError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${collection}`);
      }
      return {};
    },

    'database.startTransaction': async () => ({ transactionId: transactions.start() }),

    'database.commitTransaction': async ({ body }) => {
      await transactions.commit(requireString(body, 'transactionId'));
      return {};
    },

    'database.abortTransaction': async ({ body }) => {
      transactions.abort(requireString(body, 'transactionId'));
      return {};
    },
  };
}
