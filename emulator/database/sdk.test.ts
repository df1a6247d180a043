/**
 * The database through the real wx-server-sdk 4.0.2, over HTTP, as a cloud
 * function would use it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections } from '../../database-schema';
import { openDatabase, type DatabaseModule } from './index';
import { loadWxServerSdk, pointSdkAt, startTestServer, temporaryDir, type TestServer, type Untyped } from './test-harness';

const cloud = loadWxServerSdk();

const FIXED_NOW = new Date('2030-01-02T03:04:05.000Z');

let database: DatabaseModule;
let server: TestServer;
let db: Untyped;

beforeAll(async () => {
  database = await openDatabase({
    dataDir: temporaryDir('db-sdk'),
    now: () => FIXED_NOW,
    indexes: Object.fromEntries(Object.entries(collections).map(([name, spec]) => [name, spec.indexes])),
  });
  server = await startTestServer(database.actions);
  pointSdkAt(server.url);
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  db = cloud.database();
  for (const name of ['courses', 'orders', 'users', 'ledger', 'payments']) await db.createCollection(name);
});

afterAll(async () => {
  await server.close();
  await database.close();
});

async function resetCourses(): Promise<void> {
  await db.collection('courses').where({ _id: db.command.exists(true) }).remove();
  const rows = [
    { _id: 'c1', title: 'TypeScript', price: 990, status: 'on', tags: ['a'], salesCount: 3, publishedAt: new Date('2024-01-01') },
    { _id: 'c2', title: 'Go', price: 5, status: 'on', tags: ['b'], salesCount: 9, publishedAt: new Date('2024-02-01') },
    { _id: 'c3', title: 'Old', price: 50, status: 'off', tags: ['a', 'b'], salesCount: 1, publishedAt: new Date('2023-01-01') },
    { _id: 'c4', title: 'Rust', price: 1500, status: 'on', tags: [], salesCount: 0, publishedAt: new Date('2024-03-01') },
  ];
  for (const row of rows) await db.collection('courses').add({ data: row });
}

describe('queries', () => {
  beforeEach(resetCourses);

  it('where, orderBy, skip, limit and field', async () => {
    const _ = db.command;
    const result = await db
      .collection('courses')
      .where({ status: 'on', price: _.gte(10) })
      .orderBy('price', 'desc')
      .skip(1)
      .limit(1)
      .field({ title: true, price: true })
      .get();
    expect(result.data).toEqual([{ _id: 'c1', title: 'TypeScript', price: 990 }]);
  });

  it('compares dates and keeps them as Date', async () => {
    const _ = db.command;
    const { data } = await db.collection('courses').where({ status: 'on', publishedAt: _.gt(new Date('2024-01-15')) }).orderBy('publishedAt', 'asc').get();
    expect(data.map((doc: Untyped) => doc._id)).toEqual(['c2', 'c4']);
    expect(data[0].publishedAt).toBeInstanceOf(Date);
  });

  it('doc().get() finds one and refuses a missing one', async () => {
    const { data } = await db.collection('courses').doc('c2').get();
    expect(data).toMatchObject({ _id: 'c2', title: 'Go', tags: ['b'] });
    await expect(db.collection('courses').doc('nope').get()).rejects.toThrow(/does not exist/);
  });

  it('db.RegExp and $or', async () => {
    const _ = db.command;
    const byTitle = await db.collection('courses').where({ title: db.RegExp({ regexp: '^t', options: 'i' }) }).get();
    expect(byTitle.data.map((doc: Untyped) => doc._id)).toEqual(['c1']);
    const either = await db.collection('courses').where(_.or([{ price: _.lt(10) }, { price: _.gt(1000) }])).orderBy('price', 'asc').get();
    expect(either.data.map((doc: Untyped) => doc._id)).toEqual(['c2', 'c4']);
  });

  it('count', async () => {
    const { total } = await db.collection('courses').where({ status: 'on' }).count();
    expect(total).toBe(3);
  });

  it('limits: 100 by default, at most 1000', async () => {
    await db.createCollection('many');
    for (let start = 0; start < 1100; start += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => db.collection('many').add({ data: { n: start + i } })));
    }
    expect((await db.collection('many').get()).data).toHaveLength(100);
    expect((await db.collection('many').limit(5000).get()).data).toHaveLength(1000);
    expect((await db.collection('many').count()).total).toBe(1100);
  });

  it('aggregate: match, group, sort, project, lookup', async () => {
    const $ = db.command.aggregate;
    await db.collection('orders').add({ data: { _id: 'o-agg', courseId: 'c2', openid: 'u1', status: 'paid', outTradeNo: 'T-agg' } });
    const { list } = await db
      .collection('courses')
      .aggregate()
      .match({ status: 'on' })
      .group({ _id: '$status', n: $.sum(1), revenue: $.sum('$price') })
      .end();
    expect(list).toEqual([{ _id: 'on', n: 3, revenue: 2495 }]);
    const joined = await db
      .collection('courses')
      .aggregate()
      .match({ _id: 'c2' })
      .lookup({ from: 'orders', localField: '_id', foreignField: 'courseId', as: 'orders' })
      .project({ title: 1, orderCount: $.size('$orders') })
      .sort({ title: 1 })
      .end();
    expect(joined.list).toEqual([{ _id: 'c2', title: 'Go', orderCount: 1 }]);
  });

  it('a collection that does not exist is refused', async () => {
    await expect(db.collection('nowhere').get()).rejects.toThrow(/-502005|not exist/);
    await expect(db.collection('nowhere').add({ data: { a: 1 } })).rejects.toThrow(/-502005|not exist/);
  });
});

describe('writes', () => {
  beforeEach(resetCourses);

  it('add generates a 32-hex _id and refuses a duplicate _id', async () => {
    const { _id } = await db.collection('ledger').add({ data: { openid: 'u', amountFen: 100 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    await db.collection('ledger').add({ data: { _id: 'once' } });
    await expect(db.collection('ledger').add({ data: { _id: 'once' } })).rejects.toThrow(/-502001.*duplicate/);
  });

  it('update with operators', async () => {
    const _ = db.command;
    const result = await db
      .collection('courses')
      .doc('c3')
      .update({
        data: {
          salesCount: _.inc(2),
          'meta.x': 2,
          tags: _.push(['n']),
          price: _.mul(2),
          title: _.remove(),
          stock: _.max(7),
        },
      });
    expect(result.stats.updated).toBe(1);
    const { data } = await db.collection('courses').doc('c3').get();
    expect(data).toEqual({
      _id: 'c3',
      price: 100,
      status: 'off',
      tags: ['a', 'b', 'n'],
      salesCount: 3,
      publishedAt: new Date('2023-01-01'),
      meta: { x: 2 },
      stock: 7,
    });
    await db.collection('courses').doc('c3').update({ data: { tags: _.pull('a') } });
    await db.collection('courses').doc('c3').update({ data: { tags: _.addToSet('b') } });
    expect((await db.collection('courses').doc('c3').get()).data.tags).toEqual(['b', 'n']);
  });

  it('set replaces the document, or creates it', async () => {
    await db.collection('courses').doc('c1').set({ data: { title: 'New' } });
    expect((await db.collection('courses').doc('c1').get()).data).toEqual({ _id: 'c1', title: 'New' });
    const created = await db.collection('users').doc('fresh-user').set({ data: { balance: 5 } });
    expect(created.stats.created).toBe(1);
    expect((await db.collection('users').doc('fresh-user').get()).data).toEqual({ _id: 'fresh-user', balance: 5 });
  });

  it('where().update() and where().remove() touch every match', async () => {
    const updated = await db.collection('courses').where({ status: 'on' }).update({ data: { status: 'paused' } });
    expect(updated.stats.updated).toBe(3);
    const removed = await db.collection('courses').where({ status: 'paused' }).remove();
    expect(removed.stats.removed).toBe(3);
    expect((await db.collection('courses').count()).total).toBe(1);
  });

  it('serverDate becomes the server time, in writes and in queries', async () => {
    const _ = db.command;
    const { _id } = await db.collection('ledger').add({ data: { createdAt: db.serverDate(), expiresAt: db.serverDate({ offset: 60_000 }) } });
    const { data } = await db.collection('ledger').doc(_id).get();
    expect(data.createdAt).toEqual(FIXED_NOW);
    expect(data.expiresAt).toEqual(new Date(FIXED_NOW.getTime() + 60_000));
    const { total } = await db.collection('ledger').where({ _id, expiresAt: _.gt(db.serverDate()) }).count();
    expect(total).toBe(1);
  });

  it('unique indexes declared in indexes.json are enforced', async () => {
    await db.collection('payments').add({ data: { orderId: 'ord-1', outTradeNo: 'T1' } });
    await expect(db.collection('payments').add({ data: { orderId: 'ord-2', outTradeNo: 'T1' } })).rejects.toThrow(/duplicate key/);
    const { _id } = await db.collection('payments').add({ data: { orderId: 'ord-3', outTradeNo: 'T3' } });
    await expect(db.collection('payments').doc(_id).update({ data: { outTradeNo: 'T1' } })).rejects.toThrow(/duplicate key/);
  });
});

describe('index check and round trips', () => {
  it('records a filtered query no index serves, with the calling token', async () => {
    database.clearDiagnostics();
    await db.collection('courses').where({ status: 'on' }).get();
    await db.collection('orders').where({ openid: 'u1', status: 'paid' }).count();
    await db.collection('courses').where({ title: 'Go' }).get();
    expect(database.unindexedQueries()).toEqual([
      { collection: 'courses', fields: ['title'], token: '', action: 'database.getDocument' },
    ]);
    expect(database.roundTrips('')).toBe(3);
  });
});
