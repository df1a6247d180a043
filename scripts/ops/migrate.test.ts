/**
 * `npm run ops -- migrate` on documents as the functions of before the …Fen
 * rename wrote them (orders' totalFee, payments' method, incidents' …Fee),
 * beside documents already in the new shape, on a cloud of its own so the
 * counts are this file's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDay } from '../../cloudfunctions/shared/orders/revenue';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { buyCourse, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { opsOn } from '../../test/cloud/ops';
import { connect, type TcbDb } from './tcb';

let cloud: TestCloud;
let db: TcbDb;
beforeAll(async () => {
  cloud = await startDemoCloud();
  db = connect({ local: true, url: cloud.url }).db;
}, 60_000);
afterAll(() => cloud?.stop());

const ops = opsOn(() => cloud);
const today = beijingDay(new Date());
const COLLECTIONS = ['orders', 'payments', 'incidents'] as const;
const snapshot = async () => Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c, await cloud.find(c)] as const)));
const one = async (collection: string, _id: string) => (await cloud.find(collection, { _id }))[0]!;
const incident = (_id: string, kind: string, detail: Record<string, unknown>) =>
  db.collection('incidents').doc(_id).set({ kind, outTradeNo: _id.slice(kind.length + 1), orderId: null, openid: 'o_mig_x', detail, resolved: false, createdAt: new Date() });

/** `migrate` with these flags: its exit code and stdout's lines */
async function migrateAnswers(flags: string[], code: number, lines: string[]) {
  const run = await ops('migrate', ...flags);
  expect({ code: run.code, lines: run.out.split('\n') }).toEqual({ code, lines });
  return run;
}

/** what the old functions stored: the document with its new fields renamed back */
async function makeLegacy(collection: string, _id: string, renames: Record<string, [string, unknown]>) {
  const _ = db.command;
  const update: Record<string, unknown> = {};
  for (const [now, [before, value]] of Object.entries(renames)) Object.assign(update, { [now]: _.remove(), [before]: value });
  await db.collection(collection).doc(_id).update(update);
}

describe('migrate', () => {
  let paid: Awaited<ReturnType<typeof buyCourse>>;
  let unpaid: { id: string; outTradeNo: string };
  let fresh: { id: string };
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    // old functions' documents: a paid order with its payment, an unpaid order with its pay sheet open
    paid = await buyCourse(cloud, 'o_mig_paid', 'course-time');
    await makeLegacy('orders', paid.id, { amountFen: ['totalFee', 9900] });
    await makeLegacy('payments', (await cloud.find('payments', { orderId: paid.id }))[0]!._id as string, { provider: ['method', 'wechatpay'] });
    ({ order: unpaid } = await dataOf(cloud, 'o_mig_unpaid', 'createOrder', { courseId: 'course-ts' }));
    await dataOf(cloud, 'o_mig_unpaid', 'unifiedPay', { orderId: unpaid.id });
    await makeLegacy('orders', unpaid.id, { amountFen: ['totalFee', 19900] });
    await db.collection('payments').doc('pay_virtual_legacy').set({ orderId: 'virtual-order', outTradeNo: 'VIRTUAL0001', openid: 'o_mig_x', amountFen: 100, method: 'virtual', transactionId: 'v1', paidAt: new Date() });
    await incident('amount_mismatch_OLD0001', 'amount_mismatch', { paidFee: 100, orderFee: 9900, transactionId: 't1' });
    await incident('refund_mismatch_OLD0002', 'refund_mismatch', { outRefundNo: 'ROLD0002', refundFee: 1, orderFee: 2 });
    await incident('unknown_order_OLD0003', 'unknown_order', { paidFee: null, transactionId: null });
    // new functions' documents, and one that never had money in it
    ({ order: fresh } = await dataOf(cloud, 'o_mig_new', 'createOrder', { courseId: 'course-ts' }));
    await db.collection('payments').doc('pay_new').set({ orderId: 'new-order', outTradeNo: 'NEWPAY0001', openid: 'o_mig_x', amountFen: 100, provider: 'cloudpay', transactionId: 'n1', paidAt: new Date() });
    await incident('amount_mismatch_NEW0001', 'amount_mismatch', { paidFen: 5, orderFen: 6, transactionId: 't2' });
    await incident('duplicate_purchase_NEW0002', 'duplicate_purchase', { ownedThrough: 'x' });
    before = await snapshot();
  }, 60_000);

  it('the new functions do not count a legacy order before it is migrated', async () => {
    expect((await one('orders', paid.id)).amountFen).toBeUndefined();
    expect((await ops('stats', '--from', today, '--to', today)).out).not.toMatch(/total\s+1\s+0\s+99\.00/);
  });

  it('--dry-run counts what it would migrate and writes nothing', async () => {
    await migrateAnswers(['--dry-run'], 0, [
      'orders: 3 read, 2 to migrate',
      'payments: 3 read, 2 to migrate',
      'incidents: 5 read, 3 to migrate',
      'would migrate 7 documents (dry run: nothing written)',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('adds the new fields beside the old ones, and touches nothing already new', async () => {
    const run = await migrateAnswers([], 0, ['orders: 3 read, 2 migrated', 'payments: 3 read, 2 migrated', 'incidents: 5 read, 3 migrated', 'migrated 7 documents']);
    expect(run.err).toContain('orders: 3 read');

    expect(await one('orders', paid.id)).toMatchObject({ totalFee: 9900, amountFen: 9900, status: 'paid' });
    expect(await one('orders', unpaid.id)).toMatchObject({ totalFee: 19900, amountFen: 19900, status: 'unpaid' });
    expect((await cloud.find('payments', { orderId: paid.id }))[0]).toMatchObject({ method: 'wechatpay', provider: 'cloudpay' });
    expect(await one('payments', 'pay_virtual_legacy')).toMatchObject({ method: 'virtual', provider: 'xpay' });
    expect((await one('incidents', 'amount_mismatch_OLD0001')).detail).toEqual({ paidFee: 100, paidFen: 100, orderFee: 9900, orderFen: 9900, transactionId: 't1' });
    expect((await one('incidents', 'refund_mismatch_OLD0002')).detail).toEqual({ outRefundNo: 'ROLD0002', refundFee: 1, refundFen: 1, orderFee: 2, orderFen: 2 });
    expect((await one('incidents', 'unknown_order_OLD0003')).detail).toEqual({ paidFee: null, paidFen: null, transactionId: null });

    const after = await snapshot();
    const untouched = (c: (typeof COLLECTIONS)[number], ids: string[]) => expect(after[c]!.filter((d) => ids.includes(d._id as string))).toEqual(before[c]!.filter((d) => ids.includes(d._id as string)));
    untouched('orders', [fresh.id]);
    untouched('payments', ['pay_new']);
    untouched('incidents', ['amount_mismatch_NEW0001', 'duplicate_purchase_NEW0002']);
  });

  it('a second run finds nothing left', async () => {
    await migrateAnswers([], 0, ['orders: 3 read, 0 migrated', 'payments: 3 read, 0 migrated', 'incidents: 5 read, 0 migrated', 'migrated 0 documents']);
  });

  it('the new functions then count, list and settle the migrated orders', async () => {
    expect((await ops('stats', '--from', today, '--to', today)).out).toMatch(/total\s+1\s+0\s+99\.00/);
    const listed = await dataOf(cloud, DEMO_OPERATOR_OPENID, 'adminListOrders', { status: 'paid' });
    expect(listed.items.find((o) => o.id === paid.id)).toMatchObject({ amountFen: 9900 });
    // the order whose pay sheet was open before the deploy is paid after it: granted, no amount mismatch
    await cloud.pay.succeed(unpaid.outTradeNo);
    expect(await one('orders', unpaid.id)).toMatchObject({ status: 'paid' });
    expect((await cloud.find('entitlements', { openid: 'o_mig_unpaid', courseId: 'course-ts' }))[0]).toMatchObject({ status: 'active' });
    expect(await cloud.find('incidents', { outTradeNo: unpaid.outTradeNo })).toEqual([]);
  });

  it('--drop-legacy removes the old fields where the new ones agree, and leaves a document where they differ', async () => {
    await db.collection('orders').doc('order-disagrees').set({ outTradeNo: 'DISAGREE01', totalFee: 1, amountFen: 2, status: 'closed' });
    await migrateAnswers(['--drop-legacy'], 1, [
      'orders: 4 read, 0 migrated, 2 old fields dropped, 1 left alone, new value differs or old one unknown: order-disagrees.totalFee',
      // the payment the settlement just wrote came with `provider` only
      'payments: 4 read, 0 migrated, 2 old fields dropped',
      'incidents: 5 read, 0 migrated, 3 old fields dropped',
      'migrated 0 documents, old fields dropped on 7; 1 left, see above',
    ]);
    for (const id of [paid.id, unpaid.id]) {
      const order = await one('orders', id);
      expect(order).not.toHaveProperty('totalFee');
      expect(order.amountFen).toBe(id === paid.id ? 9900 : 19900);
    }
    expect(await one('orders', 'order-disagrees')).toMatchObject({ totalFee: 1, amountFen: 2 });
    for (const payment of await cloud.find('payments')) {
      expect(payment).not.toHaveProperty('method');
      expect(['cloudpay', 'xpay']).toContain(payment.provider);
    }
    expect((await one('incidents', 'amount_mismatch_OLD0001')).detail).toEqual({ paidFen: 100, orderFen: 9900, transactionId: 't1' });
    expect((await one('incidents', 'refund_mismatch_OLD0002')).detail).toEqual({ outRefundNo: 'ROLD0002', refundFen: 1, orderFen: 2 });
    expect((await one('incidents', 'unknown_order_OLD0003')).detail).toEqual({ paidFen: null, transactionId: null });
    expect((await ops('stats', '--from', today, '--to', today)).out).toMatch(/total\s+2\s+0\s+298\.00/);
  });

  it('refuses an unknown flag, and made no query an index does not serve', async () => {
    expect((await ops('migrate', '--drop')).code).toBe(2);
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});
