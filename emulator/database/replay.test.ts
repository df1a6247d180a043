/**
 * Contract test: every `database.*` request wx-server-sdk 4.0.2 was seen
 * sending (emulator/fixtures/wx-server-sdk-4.0.2/requests.jsonl) is answered, in order, in the
 * shape of the response the SDK accepted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EJSON } from 'bson';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EmulatorError } from '../errors';
import { openDatabase, type DatabaseModule } from './index';
import { temporaryDir } from './test-harness';

const FIXTURE = fileURLToPath(new URL('../fixtures/wx-server-sdk-4.0.2/requests.jsonl', import.meta.url));

interface Capture {
  source: string;
  body: Record<string, unknown>;
  response?: Record<string, unknown>;
}

const captures = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as Capture)
  .filter((capture) => typeof capture.body === 'object' && String(capture.body.action).startsWith('database.'));

let database: DatabaseModule;

beforeAll(async () => {
  database = await openDatabase({ dataDir: temporaryDir('db-replay') });
  // the capture ran against an emulator that had these collections
  const names = new Set(captures.map((capture) => capture.body.collectionName).filter((name): name is string => typeof name === 'string'));
  for (const name of names) await database.createCollection(name);
});

afterAll(() => database.close());

/** The JSON shape of a value: types all the way down, arrays by their first item; null fits any type. */
function shape(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, shape(item)]));
  return typeof value;
}

function expectSameShape(actual: unknown, expected: unknown, where: string): void {
  if (expected === null || actual === null) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length > 0 && actual.length > 0) expectSameShape(actual[0], expected[0], `${where}[0]`);
    return;
  }
  if (typeof expected === 'object' && typeof actual === 'object') {
    expect(Object.keys(actual as object).sort(), where).toEqual(Object.keys(expected as object).sort());
    for (const key of Object.keys(expected as object)) {
      expectSameShape((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${where}.${key}`);
    }
    return;
  }
  expect(actual, where).toBe(expected);
}

it(`answers all ${captures.length} captured database requests like the SDK expects`, async () => {
  expect(captures.length).toBeGreaterThan(90);
  // transaction ids in the capture are replaced by the ones this database hands out
  const transactionIds = new Map<string, string>();
  for (const [index, capture] of captures.entries()) {
    const body = { ...capture.body };
    if (typeof body.transactionId === 'string') body.transactionId = transactionIds.get(body.transactionId) ?? body.transactionId;
    const action = String(body.action);
    const where = `#${index} ${action} ${JSON.stringify(body).slice(0, 160)}`;
    const expected = capture.response;
    const handler = database.actions[action];
    expect(handler, where).toBeDefined();
    let answer: Record<string, unknown>;
    try {
      answer = (await handler({ action, body, parts: {}, token: String(body.wxCloudApiToken ?? ''), envName: String(body.envName ?? '') })) as Record<string, unknown>;
    } catch (error) {
      // the capture holds one refusal the SDK must see: inserting an existing _id
      expect(error, where).toBeInstanceOf(EmulatorError);
      expect(expected?.code, `${where}: refused with ${(error as Error).message}`).toBe((error as EmulatorError).code);
      continue;
    }
    expect(expected?.code, `${where}: should have been refused`).toBeUndefined();
    if (action === 'database.startTransaction' && typeof expected?.transactionId === 'string') {
      transactionIds.set(expected.transactionId, String(answer.transactionId));
    }
    const list = (answer.data as { list?: unknown[] } | undefined)?.list;
    for (const item of list ?? []) expect(() => EJSON.parse(item as string), where).not.toThrow();
    if (capture.source === 'sdk-request-with-response-the-sdk-accepted' && expected) {
      const { requestId: _requestId, ...expectedBody } = expected;
      expectSameShape(shape(answer), shape(expectedBody), where);
    }
  }
  // after a committed transaction (-30) and an aborted one (-1000), the balance is 70, as captured
  expect(database.find('users', { _id: 'o_u1' })).toEqual([{ _id: 'o_u1', balance: 70 }]);
});
