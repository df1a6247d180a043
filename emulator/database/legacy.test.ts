/**
 * The older dialect through the real tcb-admin-node 1.23, as the operator
 * command line uses it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type DatabaseModule } from './index';
import { loadTcbAdminNode, startTestServer, temporaryDir, type TestServer, type Untyped } from './test-harness';

const FIXED_NOW = new Date('2031-05-06T07:08:09.000Z');

let database: DatabaseModule;
let server: TestServer;
let db: Untyped;

beforeAll(async () => {
  database = await openDatabase({ dataDir: temporaryDir('db-legacy'), now: () => FIXED_NOW });
  await database.createCollection('courses');
  server = await startTestServer(database.actions);
  const tcb = loadTcbAdminNode();
  const app = tcb.init({ secretId: 'local', secretKey: 'local', env: 'test-env', serviceUrl: `${server.url}/admin` });
  db = app.database();
});

afterAll(async () => {
  await server.close();
  await database.close();
});

it('adds, queries, counts, updates and removes', async () => {
  const _ = db.command;
  const added = await db.collection('courses').add({ title: 'A', priceFen: 100, status: 'on', at: new Date('2024-01-01'), createdAt: db.serverDate() });
  expect(added.id).toMatch(/^[0-9a-f]{32}$/);
  await db.collection('courses').doc('b').set({ title: 'B', priceFen: 300, status: 'on', at: new Date('2024-02-01') });
  await db.collection('courses').add({ title: 'C', priceFen: 200, status: 'off', at: new Date('2024-03-01') });

  const page = await db.collection('courses').where({ status: 'on', at: _.gte(new Date('2024-01-01')) }).orderBy('priceFen', 'desc').limit(10).get();
  expect(page.data.map((doc: Untyped) => doc.title)).toEqual(['B', 'A']);
  expect(page.data[1].at).toEqual(new Date('2024-01-01'));
  expect(page.data[1].createdAt).toEqual(FIXED_NOW);

  expect((await db.collection('courses').where({ status: 'on' }).count()).total).toBe(2);
  expect((await db.collection('courses').doc('b').get()).data).toEqual([{ _id: 'b', title: 'B', priceFen: 300, status: 'on', at: new Date('2024-02-01') }]);

  const updated = await db.collection('courses').doc('b').update({ priceFen: _.inc(5), tags: ['x'] });
  expect(updated.updated).toBe(1);
  expect(database.find('courses', { _id: 'b' })[0]).toMatchObject({ priceFen: 305, tags: ['x'] });
  expect((await db.collection('courses').where({ status: 'on' }).update({ status: 'paused' })).updated).toBe(2);

  const removed = await db.collection('courses').where({ status: 'paused' }).remove();
  expect(removed.deleted).toBe(2);
  expect(database.find('courses').map((doc) => doc.title)).toEqual(['C']);
});

it('aggregates', async () => {
  const result = await db.collection('courses').aggregate().group({ _id: '$status', n: { $sum: 1 } }).end();
  expect(result.data).toEqual([{ _id: 'off', n: 1 }]);
});

it('runs a transaction', async () => {
  await db.collection('courses').doc('t').set({ stock: 3 });
  const transaction = await db.startTransaction();
  const { data } = await transaction.collection('courses').doc('t').get();
  await transaction.collection('courses').doc('t').update({ stock: data.stock - 1 });
  await transaction.collection('courses').add({ _id: 'receipt', for: 't' });
  await transaction.collection('courses').doc('gone').delete();
  await transaction.commit();
  expect(database.find('courses', { _id: { $in: ['t', 'receipt'] } })).toEqual([
    { _id: 't', stock: 2 },
    { _id: 'receipt', for: 't' },
  ]);
});

it('creates a missing document with set() in a transaction, under its id', async () => {
  const transaction = await db.startTransaction();
  await transaction.collection('courses').doc('made-in-tx').set({ title: 'T' });
  const { data } = await transaction.collection('courses').doc('made-in-tx').get();
  expect(data).toEqual({ _id: 'made-in-tx', title: 'T' });
  await transaction.commit();
  expect(database.find('courses', { _id: 'made-in-tx' })).toEqual([{ _id: 'made-in-tx', title: 'T' }]);
});
