/**
 * The wire's value format: the SDK sends and expects canonical EJSON strings.
 * Documents live in memory as relaxed values (JS numbers, Date), which is what
 * mingo compares; they leave as canonical EJSON so ints stay `$numberInt`.
 */
import { BSONRegExp, EJSON } from 'bson';
import { EmulatorError } from '../errors';

export type Document = Record<string, unknown>;

export const INVALID_PARAM = 'INVALID_PARAM';

/** Parses one EJSON text from the request; `field` names it in the refusal. */
export function parseEJSON(text: unknown, field: string): unknown {
  if (typeof text !== 'string') {
    throw new EmulatorError(INVALID_PARAM, `"${field}" must be an EJSON string, got ${typeof text}`);
  }
  try {
    return EJSON.parse(text, { relaxed: true });
  } catch (error) {
    throw new EmulatorError(INVALID_PARAM, `"${field}" is not valid EJSON: ${(error as Error).message}`);
  }
}

export function parseEJSONObject(text: unknown, field: string): Document {
  const value = parseEJSON(text, field);
  if (!isPlainObject(value)) throw new EmulatorError(INVALID_PARAM, `"${field}" must be an EJSON object`);
  return value;
}

export function toCanonicalEJSON(value: unknown): string {
  return EJSON.stringify(value, { relaxed: false });
}

export function toRelaxedEJSON(value: unknown): string {
  return EJSON.stringify(value, { relaxed: true });
}

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Replaces `{"$tcb_server_date":{"offset":n}}` (what `db.serverDate()` sends)
 * with the server's time, and BSON regular expressions with JS ones so mingo
 * can match them. Returns a new value; the input is left alone.
 */
export function resolveServerValues(value: unknown, now: () => Date): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveServerValues(item, now));
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^imsux]/g, ''));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const spec = value.$tcb_server_date as { offset?: unknown } | undefined;
    const offset = Number(spec?.offset ?? 0);
    return new Date(now().getTime() + (Number.isFinite(offset) ? offset : 0));
  }
  const resolved: Document = {};
  for (const key of keys) resolved[key] = resolveServerValues(value[key], now);
  return resolved;
}

/** Deep copy of a stored document: plain objects, arrays and Dates are copied, BSON values are immutable and shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneValue(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (!isPlainObject(value)) return value;
  const copy: Document = {};
  for (const key of Object.keys(value)) copy[key] = cloneValue(value[key]);
  return copy as T;
}
