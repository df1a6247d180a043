/* eslint-disable @typescript-eslint/no-explicit-any -- answers of the API under test, read field by field */
/**
 * The emulator whole, as the cloud-function suites use it: startTestCloud
 * with the product's bundles, the database through the SDK of a function and
 * of the test process, round trips attributed to the invocation that made them.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../test/cloud';
import { useSdk } from '../test/cloud/sdk';
import { bundleFixtures } from './functions/fixtures/bundle';

describe('startTestCloud with the product functions', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it('creates every collection, runs a product function, and counts its round trips', async () => {
    const sdk = useSdk(cloud.sdkEnv());
    const db = sdk.database() as any;
    await db.collection('categories').add({ data: { _id: 'cat-ts', name: '编程', sort: 1 } });
    const { result, error } = await cloud.call<any>('listCategories', {}, { openid: 'o_alice' });
    expect(error).toBeUndefined();
    // the product's answer is its own business; here only that it ran on this data
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).toContain('编程');
    expect(await cloud.roundTrips('listCategories')).toBeGreaterThanOrEqual(1);
    expect(await cloud.find('categories', { name: '编程' })).toEqual([{ _id: 'cat-ts', name: '编程', sort: 1 }]);
    const calls = await cloud.calls();
    expect(calls.at(-1)).toMatchObject({ name: 'listCategories', openid: 'o_alice', source: 'wx_client', outcome: 'returned' });
    expect(Array.isArray(cloud.unindexedQueries())).toBe(true);
  });

  it('lists collections and their documents over HTTP', async () => {
    const list = (await (await fetch(`${cloud.url}/api/collections`)).json()) as any;
    expect(list.collections.map((c: any) => c.name)).toEqual(expect.arrayContaining(['users', 'orders', 'categories']));
    const categories = (await (await fetch(`${cloud.url}/api/collections/categories`)).json()) as any;
    expect(categories.documents).toEqual([{ _id: 'cat-ts', name: '编程', sort: 1 }]);
  });

  it('exports the data and imports it back', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'emu-export-'));
    const post = async (route: string) => (await fetch(`${cloud.url}${route}`, { method: 'POST', body: JSON.stringify({ dir }) })).json() as Promise<any>;
    expect((await post('/api/data/export')).collections).toContain('categories');
    const sdk = useSdk(cloud.sdkEnv());
    await (sdk.database() as any).collection('categories').doc('cat-ts').remove();
    expect(await cloud.find('categories')).toEqual([]);
    expect((await post('/api/data/import')).collections).toContain('categories');
    expect(await cloud.find('categories')).toEqual([{ _id: 'cat-ts', name: '编程', sort: 1 }]);
  });
});

describe('database round trips of concurrent invocations', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ functionsDir: await bundleFixtures(['notes']), collections: ['notes'], indexes: {} });
  }, 60_000);

  afterAll(async () => {
    await cloud?.stop();
  });

  it('attributes each round trip to the invocation that made it, and writes as the caller', async () => {
    const [alice, bob] = await Promise.all([
      cloud.call<any>('notes', { text: 'a' }, { openid: 'o_alice' }),
      cloud.call<any>('notes', { text: 'b' }, { openid: 'o_bob' }),
    ]);
    expect(alice.result).toEqual({ owner: 'o_alice', total: 1 });
    expect(bob.result).toEqual({ owner: 'o_bob', total: 1 });
    const calls = await cloud.calls();
    expect(calls.map((c) => c.roundTrips)).toEqual([2, 2]);
    const notes = await cloud.find('notes');
    expect(notes.map((n) => n.owner).sort()).toEqual(['o_alice', 'o_bob']);
    expect(notes[0].at).toBeInstanceOf(Date);
  });
});
