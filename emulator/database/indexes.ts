/**
 * The indexes declared in database-schema (CloudBase's MgoKeySchema form):
 * which queries they serve, so tests can fail on a query the cloud would
 * answer with a full scan, and which fields they keep unique.
 */
import { resolve as resolvePath } from 'mingo/util';
import { EmulatorError, DATABASE_REQUEST_FAILED } from '../errors';
import { isPlainObject, toCanonicalEJSON, type Document } from './ejson';

export interface IndexSpec {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: string }[] };
}

export type IndexCatalog = Record<string, IndexSpec[]>;

export interface UnindexedQuery {
  collection: string;
  /** the filter's field paths, none of which leads a declared index */
  fields: string[];
  /** `wxCloudApiToken` of the calling invocation, '' for none */
  token: string;
  action: string;
}

const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor']);

/** Field paths a filter constrains, through `$and`/`$or`/`$nor` (other `$` operators such as `$expr` name none). */
export function filterFields(filter: Document): string[] {
  const fields = new Set<string>();
  const visit = (clause: Document) => {
    for (const [key, value] of Object.entries(clause)) {
      if (LOGICAL_OPERATORS.has(key) && Array.isArray(value)) {
        for (const branch of value) if (isPlainObject(branch)) visit(branch);
      } else if (!key.startsWith('$')) {
        fields.add(key);
      }
    }
  };
  visit(filter);
  return [...fields];
}

/**
 * Whether a declared index could serve the filter: one of its fields is `_id`
 * or leads an index (a compound index serves queries on its prefix only).
 */
export function isServedByIndex(fields: string[], indexes: IndexSpec[]): boolean {
  if (fields.includes('_id')) return true;
  return indexes.some((index) => {
    const leading = index.MgoKeySchema.MgoIndexKeys[0]?.Name;
    return leading !== undefined && fields.includes(leading);
  });
}

export function uniqueIndexes(indexes: IndexSpec[] | undefined): IndexSpec[] {
  return (indexes ?? []).filter((index) => index.MgoKeySchema.MgoIsUnique);
}

/** A unique index's key for a document; a missing field counts as null, as in the cloud. */
function indexKey(index: IndexSpec, doc: Document): string {
  return toCanonicalEJSON(index.MgoKeySchema.MgoIndexKeys.map((key) => resolvePath(doc, key.Name) ?? null));
}

/**
 * Refuses `written` documents (about to replace those with the same `_id`)
 * when one shares a unique index key with another document of the collection.
 */
export function assertUniqueKeys(collection: string, indexes: IndexSpec[], existing: Iterable<Document>, written: Document[]): void {
  if (indexes.length === 0 || written.length === 0) return;
  const writtenIds = new Set(written.map((doc) => String(doc._id)));
  for (const index of indexes) {
    const owners = new Map<string, string>();
    for (const doc of existing) if (!writtenIds.has(String(doc._id))) owners.set(indexKey(index, doc), String(doc._id));
    for (const doc of written) {
      const key = indexKey(index, doc);
      const owner = owners.get(key);
      if (owner !== undefined) {
        throw new EmulatorError(
          DATABASE_REQUEST_FAILED,
          `E11000 duplicate key error collection: ${collection} index: ${index.IndexName} dup key: ${key} (document ${owner} has it)`,
        );
      }
      owners.set(key, String(doc._id));
    }
  }
}
