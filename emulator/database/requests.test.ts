/**
 * Straight to the action handlers: bad requests are refused, never crash;
 * round trips are counted per invocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorError } from '../errors';
import type { AdminRequest } from '../types';
import { openDatabase, type DatabaseModule } from './index';
import { temporaryDir } from './test-harness';

let database: DatabaseModule;

function call(action: string, body: Record<string, unknown>, token = ''): Promise<unknown> {
  const request: AdminRequest = { action, body, parts: {}, token, envName: 'test' };
  return database.actions[action](request);
}

async function refusal(promise: Promise<unknown>): Promise<EmulatorError> {
  const error = await promise.then(
    () => new Error('not refused'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(EmulatorError);
  return error as EmulatorError;
}

beforeAll(async () => {
  database = await openDatabase({ dataDir: temporaryDir('db-requests'), indexes: { things: [] } });
  await database.createCollection('things');
});

afterAll(() => database.close());

describe('bad requests are refused with a clear message', () => {
  it('malformed EJSON', async () => {
    const error = await refusal(call('database.getDocument', { collectionName: 'things', queryType: 'WHERE', query: '{"a":' }));
    expect(error.code).toBe('INVALID_PARAM');
    expect(error.message).toMatch(/"query" is not valid EJSON/);
  });

  it('missing fields', async () => {
    expect((await refusal(call('database.insertDocument', { data: ['{}'] }))).message).toMatch(/"collectionName" is required/);
    expect((await refusal(call('database.insertDocument', { collectionName: 'things' }))).message).toMatch(/"data\[0\]" must be an EJSON string/);
    expect((await refusal(call('database.modifyDocument', { collectionName: 'things', query: '{}' }))).message).toMatch(/"data" is required/);
    expect((await refusal(call('database.commitTransaction', {}))).message).toMatch(/"transactionId" is required/);
    expect((await refusal(call('database.aggregateDocuments', { collectionName: 'things', stages: [{ stageKey: 'match' }] }))).message).toMatch(/stageKey/);
  });

  it('a body that is not an object, unknown operators, bad limits, unknown transactions', async () => {
    await refusal(database.actions['database.getDocument']({ action: 'database.getDocument', body: 'nope' as unknown as Record<string, unknown>, parts: {}, token: '', envName: '' }));
    expect((await refusal(call('database.getDocument', { collectionName: 'things', query: '{"a":{"$nonsense":1}}' }))).message).toMatch(/nonsense/);
    await refusal(call('database.getDocument', { collectionName: 'things', limit: -3 }));
    expect((await refusal(call('database.getDocument', { collectionName: 'things', transactionId: 'tx-missing' }))).message).toMatch(/does not exist/);
    expect((await refusal(call('database.modifyDocument', { collectionName: 'things', query: '{}', data: '{"$set":{"_id":"x"}}' }))).message).toMatch(/immutable/);
    expect((await refusal(call('database.addCollection', { collectionName: '../escape' }))).code).toBe('INVALID_PARAM');
  });

  it('a collection that was never created', async () => {
    const error = await refusal(call('database.calculateDocument', { collectionName: 'never' }));
    expect(error.code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect((await refusal(call('database.addCollection', { collectionName: 'things' }))).code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  });
});

describe('diagnostics', () => {
  it('counts round trips per invocation token and notes unindexed filters', async () => {
    database.clearDiagnostics();
    await call('database.insertDocument', { collectionName: 'things', data: ['{"_id":"t1","kind":"a"}'] }, 'invocation-1');
    await call('database.getDocument', { collectionName: 'things', queryType: 'DOC', query: '{"_id":"t1"}' }, 'invocation-1');
    await call('database.getDocument', { collectionName: 'things', queryType: 'WHERE', query: '{"kind":"a"}' }, 'invocation-2');
    await call('database.calculateDocument', { collectionName: 'things', query: '{}' }, 'invocation-2');
    expect(database.roundTrips('invocation-1')).toBe(2);
    expect(database.roundTrips('invocation-2')).toBe(2);
    expect(database.roundTrips('other')).toBe(0);
    expect(database.unindexedQueries()).toEqual([{ collection: 'things', fields: ['kind'], token: 'invocation-2', action: 'database.getDocument' }]);
  });
});
