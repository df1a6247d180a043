/**
 * Transactions through the real wx-server-sdk: isolation, conflicts that
 * runTransaction retries, and aborts that leave nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseModule } from './index';
import { loadWxServerSdk, pointSdkAt, startTestServer, temporaryDir, type TestServer, type Untyped } from './test-harness';

const cloud = loadWxServerSdk();

let database: DatabaseModule;
let server: TestServer;
let db: Untyped;

beforeAll(async () => {
  database = await openDatabase({ dataDir: temporaryDir('db-tx') });
  server = await startTestServer(database.actions);
  pointSdkAt(server.url);
  cloud.init({ env: 'test-env' });
  db = cloud.database();
  await db.createCollection('users');
  await db.createCollection('ledger');
});

afterAll(async () => {
  await server.close();
  await database.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runTransaction', () => {
  it('commits reads and writes together', async () => {
    await db.collection('users').doc('u-commit').set({ data: { balance: 100 } });
    const result = await db.runTransaction(async (transaction: Untyped) => {
      const { data } = await transaction.collection('users').doc('u-commit').get();
      await transaction.collection('users').doc('u-commit').update({ data: { balance: data.balance - 30 } });
      await transaction.collection('ledger').add({ data: { user: 'u-commit', amountFen: -30 } });
      // its own writes are visible to it, not to others
      expect((await transaction.collection('users').doc('u-commit').get()).data.balance).toBe(70);
      expect(database.find('users', { _id: 'u-commit' })[0].balance).toBe(100);
      return 'done';
    });
    expect(result).toBe('done');
    expect(database.find('users', { _id: 'u-commit' })[0].balance).toBe(70);
    expect(database.find('ledger', { user: 'u-commit' })).toHaveLength(1);
  });

  it('two concurrent read-modify-write transactions on one document: both applied, exactly once, via retry', async () => {
    await db.collection('users').doc('u-race').set({ data: { balance: 0 } });
    let attempts = 0;
    const addOne = () =>
      db.runTransaction(async (transaction: Untyped) => {
        attempts += 1;
        const { data } = await transaction.collection('users').doc('u-race').get();
        // both read before either writes: without isolation one increment would be lost
        await pause(30);
        await transaction.collection('users').doc('u-race').update({ data: { balance: data.balance + 1 } });
      });
    await Promise.all([addOne(), addOne()]);
    expect(database.find('users', { _id: 'u-race' })[0].balance).toBe(2);
    expect(attempts).toBeGreaterThan(2);
  });

  it('two concurrent _.inc transactions on one document: each applied exactly once', async () => {
    await db.collection('users').doc('u-inc').set({ data: { n: 0 } });
    const increment = () =>
      db.runTransaction(async (transaction: Untyped) => {
        await pause(20);
        await transaction.collection('users').doc('u-inc').update({ data: { n: db.command.inc(1) } });
        await transaction.collection('ledger').add({ data: { user: 'u-inc' } });
      });
    await Promise.all([increment(), increment()]);
    expect(database.find('users', { _id: 'u-inc' })[0].n).toBe(2);
    expect(database.find('ledger', { user: 'u-inc' })).toHaveLength(2);
  });

  it('a rolled back transaction leaves nothing', async () => {
    await db.collection('users').doc('u-abort').set({ data: { balance: 10 } });
    await expect(
      db.runTransaction(async (transaction: Untyped) => {
        await transaction.collection('users').doc('u-abort').update({ data: { balance: db.command.inc(-1000) } });
        await transaction.collection('ledger').add({ data: { _id: 'never', user: 'u-abort' } });
        await transaction.rollback('insufficient balance');
      }),
    ).rejects.toBe('insufficient balance');
    expect(database.find('users', { _id: 'u-abort' })[0].balance).toBe(10);
    expect(database.find('ledger', { _id: 'never' })).toEqual([]);
  });
});

describe('startTransaction', () => {
  it('two open transactions writing one document cannot both commit', async () => {
    await db.collection('users').doc('u-two').set({ data: { balance: 1 } });
    const first = await db.startTransaction();
    const second = await db.startTransaction();
    await first.collection('users').doc('u-two').update({ data: { balance: 2 } });
    // the second waits for the first's lock...
    let secondWritten = false;
    const secondWrite = second
      .collection('users')
      .doc('u-two')
      .update({ data: { balance: 3 } })
      .then(() => (secondWritten = true));
    await pause(20);
    expect(secondWritten).toBe(false);
    await first.commit();
    // ...then finds the document changed: its commit is refused with the code runTransaction retries on
    await secondWrite;
    const refusal = await second.commit().then(
      () => 'committed',
      (error: Untyped) => String(error.errMsg ?? error.message),
    );
    expect(refusal).toMatch(/write conflict/);
    expect(database.find('users', { _id: 'u-two' })[0].balance).toBe(2);
  });

  it('a deadlock is broken at once: one of the two cannot commit, the other can', async () => {
    await db.collection('users').doc('u-x').set({ data: { n: 0 } });
    await db.collection('users').doc('u-y').set({ data: { n: 0 } });
    const first = await db.startTransaction();
    const second = await db.startTransaction();
    await first.collection('users').doc('u-x').update({ data: { n: 1 } });
    await second.collection('users').doc('u-y').update({ data: { n: 2 } });
    const started = Date.now();
    // first waits for second's lock on u-y...
    const firstWaits = first.collection('users').doc('u-y').update({ data: { n: 1 } });
    await pause(10);
    // ...so second wanting u-x would close the cycle: it goes on without waiting, doomed
    await second.collection('users').doc('u-x').update({ data: { n: 2 } });
    const refusal = await second.commit().then(
      () => 'committed',
      (error: Untyped) => String(error.errMsg ?? error.message),
    );
    expect(refusal).toMatch(/deadlock/);
    await firstWaits;
    await first.commit();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(database.find('users', { _id: { $in: ['u-x', 'u-y'] } }).map((doc) => doc.n)).toEqual([1, 1]);
  });

  it('a document read in a transaction and changed outside it makes the commit fail', async () => {
    await db.collection('users').doc('u-read').set({ data: { balance: 5 } });
    const transaction = await db.startTransaction();
    await transaction.collection('users').doc('u-read').get();
    await transaction.collection('ledger').add({ data: { user: 'u-read', note: 'based on balance 5' } });
    await db.collection('users').doc('u-read').update({ data: { balance: 6 } });
    await expect(transaction.commit()).rejects.toThrow(/conflict/i);
    expect(database.find('ledger', { user: 'u-read' })).toEqual([]);
  });

  it('an explicit abort discards the writes', async () => {
    const transaction = await db.startTransaction();
    await transaction.collection('ledger').add({ data: { _id: 'aborted-add' } });
    await transaction.rollback();
    expect(database.find('ledger', { _id: 'aborted-add' })).toEqual([]);
  });
});
