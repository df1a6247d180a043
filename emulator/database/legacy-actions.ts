/**
 * The tcb-admin-node 1.23 dialect (@cloudbase/database 0.9.15), used by the
 * operator command line. Queries and documents are plain JSON with dates as
 * `{"$date": ms}` and server dates as `{"$date": {"offset": ms}}`; results
 * carry `TotalCount`/`Limit`/`Offset`; aggregation and in-transaction results
 * are EJSON strings (see the SDK's query.ts, document.ts, aggregate.ts and
 * transaction/document.ts).
 */
import type { ActionHandler } from '../types';
import { EmulatorError } from '../errors';
import { INVALID_PARAM, isPlainObject, parseEJSONObject, resolveServerValues, toCanonicalEJSON, type Document } from './ejson';
import { decodeOrder, requireString, sessionFor, type DatabaseContext } from './actions';
import * as operations from './operations';
import { isOperatorUpdate } from './query';

/** Plain JSON from the old SDK to stored values: `{$date: ms}` is a date, `{$date: {offset}}` the server's time. */
function decodeLegacyValue(value: unknown, now: () => Date): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeLegacyValue(item, now));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$date') {
    const date = value.$date;
    if (typeof date === 'number' || typeof date === 'string') return new Date(date);
    if (isPlainObject(date)) return new Date(now().getTime() + Number(date.offset ?? 0));
  }
  const decoded: Document = {};
  for (const key of keys) decoded[key] = decodeLegacyValue(value[key], now);
  return decoded;
}

/** Stored values to the old SDK's plain JSON, which turns `{$date: ms}` back into Date. */
function encodeLegacyValue(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map(encodeLegacyValue);
  if (!isPlainObject(value)) return value;
  const encoded: Document = {};
  for (const [key, item] of Object.entries(value)) encoded[key] = encodeLegacyValue(item);
  return encoded;
}

function plainObject(body: Record<string, unknown>, field: string, now: () => Date): Document {
  const value = body[field];
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new EmulatorError(INVALID_PARAM, `"${field}" must be an object`);
  return decodeLegacyValue(value, now) as Document;
}

export function createLegacyActions(context: DatabaseContext): Record<string, ActionHandler> {
  const { now } = context;
  /** in-transaction bodies are canonical EJSON strings, possibly with the old server date form */
  const ejsonObject = (body: Record<string, unknown>, field: string) =>
    decodeLegacyValue(resolveServerValues(parseEJSONObject(body[field], field), now), now) as Document;

  return {
    'database.queryDocument': async (request) => {
      const { body } = request;
      const collection = requireString(body, 'collectionName');
      const filter = plainObject(body, 'query', now);
      if (body.queryType !== 'DOC') context.checkIndexes(request, collection, filter);
      const limit = operations.clampLimit(body.limit);
      const offset = Number(body.offset ?? 0);
      const projection = isPlainObject(body.projection) ? body.projection : undefined;
      const { list, total } = operations.find(sessionFor(context, body), collection, { filter, order: decodeOrder(body.order), offset, limit, projection });
      return { data: { list: list.map(encodeLegacyValue) }, TotalCount: total, Limit: limit, Offset: offset };
    },

    'database.countDocument': async (request) => {
      const { body } = request;
      const collection = requireString(body, 'collectionName');
      const filter = plainObject(body, 'query', now);
      context.checkIndexes(request, collection, filter);
      return { data: { total: operations.count(sessionFor(context, body), collection, filter) } };
    },

    'database.addDocument': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      const doc = plainObject(body, 'data', now);
      if (body._id !== undefined) doc._id = body._id;
      const [id] = await operations.insert(sessionFor(context, body), collection, [doc]);
      return { data: { _id: id } };
    },

    'database.updateDocument': async (request) => {
      const { body } = request;
      const collection = requireString(body, 'collectionName');
      const filter = plainObject(body, 'query', now);
      if (body.queryType !== 'DOC') context.checkIndexes(request, collection, filter);
      const result = await operations.update(sessionFor(context, body), collection, {
        filter,
        update: plainObject(body, 'data', now),
        replace: body.merge === false,
        upsert: body.upsert === true,
        multi: body.multi === true,
      });
      return { data: { updated: result.updated, upsert_id: result.upsertedId, upserted_id: result.upsertedId } };
    },

    'database.deleteDocument': async (request) => {
      const { body } = request;
      const collection = requireString(body, 'collectionName');
      const filter = plainObject(body, 'query', now);
      if (body.queryType !== 'DOC') context.checkIndexes(request, collection, filter);
      const deleted = await operations.remove(sessionFor(context, body), collection, filter, body.queryType !== 'DOC' && body.multi !== false);
      return { data: { deleted } };
    },

    // stage values are JSON text; the answer's list is a JSON array of EJSON strings
    'database.aggregate': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      if (!Array.isArray(body.stages)) throw new EmulatorError(INVALID_PARAM, '"stages" must be a list of {stageKey, stageValue}');
      const pipeline = body.stages.map((stage: unknown, index: number) => {
        if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || typeof stage.stageValue !== 'string') {
          throw new EmulatorError(INVALID_PARAM, `stages[${index}] needs stageKey and stageValue`);
        }
        let value: unknown;
        try {
          value = JSON.parse(stage.stageValue);
        } catch {
          throw new EmulatorError(INVALID_PARAM, `stages[${index}].stageValue is not JSON`);
        }
        return { [stage.stageKey]: decodeLegacyValue(value, now) };
      });
      const list = operations.aggregate(sessionFor(context, body), collection, pipeline);
      return { data: { list: JSON.stringify(list.map(toCanonicalEJSON)) } };
    },

    'database.getInTransaction': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      requireString(body, 'transactionId');
      const { list } = operations.find(sessionFor(context, body), collection, { filter: plainObject(body, 'query', now), limit: 1 });
      return { data: list.length > 0 ? toCanonicalEJSON(list[0]) : 'null' };
    },

    'database.insertDocInTransaction': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      requireString(body, 'transactionId');
      const doc = ejsonObject(body, 'data');
      if (body._id !== undefined) doc._id = body._id;
      await operations.insert(sessionFor(context, body), collection, [doc]);
      return { inserted: '1', ok: '1' };
    },

    // `set()` sends a plain document with upsert, `update()` operators
    'database.updateDocInTransaction': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      requireString(body, 'transactionId');
      const update = ejsonObject(body, 'data');
      const result = await operations.update(sessionFor(context, body), collection, {
        filter: plainObject(body, 'query', now),
        update,
        replace: !isOperatorUpdate(update),
        upsert: body.upsert === true,
        multi: false,
      });
      return {
        updated: String(result.updated),
        ...(result.upsertedId === null ? {} : { upserted: JSON.stringify([{ _id: result.upsertedId }]) }),
      };
    },

    'database.deleteDocInTransaction': async ({ body }) => {
      const collection = requireString(body, 'collectionName');
      requireString(body, 'transactionId');
      const deleted = await operations.remove(sessionFor(context, body), collection, plainObject(body, 'query', now), false);
      return { deleted: String(deleted) };
    },
  };
}
