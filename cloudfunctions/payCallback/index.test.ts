import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import type { Delivery } from '../../emulator/pay/orders';
import { DEMO_NOTIFICATION_SETTINGS } from '../../database-schema/seed/seed';
import { buyCourse, callAs, dataOf, startDemoCloud, subscribeMessagesTo } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { useSdk } from '../../test/cloud/sdk';

let cloud: TestCloud;
let db: ReturnType<typeof WxServerSdk.database>;
beforeAll(async () => {
  cloud = await startDemoCloud();
  db = (useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
}, 60_000);
afterAll(() => cloud?.stop());

/** An order with its WeChat Pay order made, ready for the payment sheet. */
async function openOrder(openid: string, courseId: string) {
  const { order } = await dataOf(cloud, openid, 'createOrder', { courseId });
  await dataOf(cloud, openid, 'unifiedPay', { orderId: order.id });
  return order;
}

async function ownership(openid: string, courseId: string) {
  const [entitlement] = await cloud.find('entitlements', { openid, courseId });
  return entitlement?.status === 'active';
}

const notification = (outTradeNo: string, totalFee: number) => ({
  returnCode: 'SUCCESS',
  resultCode: 'SUCCESS',
  outTradeNo,
  totalFee,
  cashFee: totalFee,
  transactionId: '4200000000000000000000000001',
  timeEnd: '20261124120000',
});

describe('payCallback', () => {
  it('grants the course once WeChat Pay confirms, recording the payment', async () => {
    const order = await buyCourse(cloud, 'o_buyer', 'course-time');
    const [doc] = await cloud.find('orders', { _id: order.id });
    expect(doc).toMatchObject({ status: 'paid', paidAt: expect.any(Date) });
    const payments = await cloud.find('payments', { orderId: order.id });
    expect(payments).toEqual([
      expect.objectContaining({ outTradeNo: order.outTradeNo, amountFen: 9900, provider: 'cloudpay', transactionId: expect.stringMatching(/^4200/), openid: 'o_buyer' }),
    ]);
    expect(await ownership('o_buyer', 'course-time')).toBe(true);
    expect((await dataOf(cloud, 'o_buyer', 'getOrder', { orderId: order.id })).order.status).toBe('paid');
    // one transaction (start, read order and entitlement, three writes, commit), the
    // sales counter, and the settings on a cold instance (payment and notifications in
    // one read, shared/platform/settings.ts); plus one pay query and the subscribe message, not
    // database requests
    expect(await cloud.roundTrips('payCallback')).toBeLessThanOrEqual(9);
  });

  it('sends the buyer one 购买成功 subscribe message with the course and the amount', async () => {
    const { order } = await dataOf(cloud, 'o_told', 'createOrder', { courseId: 'course-time' });
    // what the purchase page asks the learner to agree to before paying
    expect((await dataOf(cloud, 'o_told', 'unifiedPay', { orderId: order.id })).subscribeTemplateIds).toEqual([
      DEMO_NOTIFICATION_SETTINGS.purchaseSucceededTemplateId,
    ]);
    await cloud.pay.succeed(order.outTradeNo);
    const [paid] = await cloud.find('orders', { _id: order.id });
    const beijing = new Date((paid!.paidAt as Date).getTime() + 8 * 3600_000).toISOString();
    const messages = await subscribeMessagesTo(cloud, 'o_told');
    expect(messages).toEqual([
      expect.objectContaining({
        params: {
          touser: 'o_told',
          template_id: DEMO_NOTIFICATION_SETTINGS.purchaseSucceededTemplateId,
          page: 'pages/course/index?id=course-time',
          data: { thing1: { value: '高效时间管理 21 讲' }, amount2: { value: '¥99.00' }, time3: { value: `${beijing.slice(0, 10)} ${beijing.slice(11, 16)}` } },
          miniprogram_state: 'formal',
        },
        answer: expect.objectContaining({ errcode: 0 }),
      }),
    ]);
  });

  it('settles all the same when WeChat will not deliver the message (43101: the learner did not agree)', async () => {
    await fetch(`${cloud.url}/api/messages/refusals`, { method: 'POST', body: JSON.stringify({ openid: 'o_silent' }) });
    const order = await openOrder('o_silent', 'course-ts');
    const { order: payOrder } = (await cloud.pay.succeed(order.outTradeNo)) as { order: { deliveries: Delivery[] } };
    // the first delivery was acknowledged: WeChat Pay does not come again
    expect(payOrder.deliveries).toMatchObject([{ state: 'acknowledged', attempts: [{ answer: { errcode: 0, errmsg: 'OK' } }] }]);
    expect(await ownership('o_silent', 'course-ts')).toBe(true);
    expect(await subscribeMessagesTo(cloud, 'o_silent')).toEqual([expect.objectContaining({ answer: expect.objectContaining({ errcode: 43101 }) })]);
  });

  it('grants nothing to a learner who calls it from the mini-program', async () => {
    const order = await openOrder('o_forger', 'course-ts');
    // the platform refuses first: its security rule is {"invoke": false} (config.json)
    const answer = await cloud.call('payCallback', notification(order.outTradeNo, order.amountFen), { openid: 'o_forger', source: 'wx_client' });
    expect(answer.result).toBeUndefined();
    expect(answer.error?.errMsg).toContain('EXCEED_AUTHORITY');
    // and the function itself refuses any SOURCE but the pay system's, should the rule be missing or a function relay the call
    const asClient = await cloud.emulator.functions.invoke('payCallback', notification(order.outTradeNo, order.amountFen), {
      openid: 'o_forger',
      appid: cloud.emulator.appId,
      unionid: '',
      source: 'wx_client',
    });
    expect(asClient).toEqual({ kind: 'returned', result: { errcode: 403, errmsg: 'FORBIDDEN' } });
    const relayed = await cloud.call('payCallback', notification(order.outTradeNo, order.amountFen), { openid: 'o_forger', source: 'wx_client,scf' });
    expect(relayed.result).toEqual({ errcode: 403, errmsg: 'FORBIDDEN' });
    expect(await ownership('o_forger', 'course-ts')).toBe(false);
    expect((await cloud.find('orders', { _id: order.id }))[0]).toMatchObject({ status: 'unpaid' });
  });

  it('grants nothing for a forged notification of an unpaid order: WeChat Pay is asked, not believed', async () => {
    const order = await openOrder('o_forger2', 'course-ts');
    const answer = await cloud.call('payCallback', notification(order.outTradeNo, order.amountFen), { openid: 'o_forger2', source: 'wx_paycallback' });
    expect(answer.result).toMatchObject({ errcode: 1, errmsg: 'TRADE_STATE_NOTPAY' });
    expect(await ownership('o_forger2', 'course-ts')).toBe(false);
    expect(await cloud.find('payments', { orderId: order.id })).toEqual([]);
    expect(await subscribeMessagesTo(cloud, 'o_forger2')).toEqual([]);
  });

  it('records an amount that differs from the order for operators, and grants nothing', async () => {
    const order = await openOrder('o_cheap', 'course-cloud');
    await cloud.pay.succeed(order.outTradeNo, { totalFee: 1 });
    expect(await ownership('o_cheap', 'course-cloud')).toBe(false);
    expect((await cloud.find('orders', { _id: order.id }))[0]).toMatchObject({ status: 'unpaid' });
    expect(await cloud.find('payments', { orderId: order.id })).toEqual([]);
    expect(await cloud.find('incidents', { outTradeNo: order.outTradeNo })).toEqual([
      expect.objectContaining({ kind: 'amount_mismatch', orderId: order.id, detail: expect.objectContaining({ paidFen: 1, orderFen: 29900 }) }),
    ]);
    expect(await subscribeMessagesTo(cloud, 'o_cheap')).toEqual([]);
  });

  it('grants exactly once however many notifications arrive at the same moment', async () => {
    const [before] = await cloud.find('courses', { _id: 'course-song' });
    const order = await openOrder('o_dupes', 'course-song');
    await cloud.pay.succeed(order.outTradeNo, { deliveries: 6 });
    expect(await cloud.find('payments', { orderId: order.id })).toHaveLength(1);
    expect(await cloud.find('entitlements', { openid: 'o_dupes' })).toHaveLength(1);
    const [after] = await cloud.find('courses', { _id: 'course-song' });
    expect(after!.salesCount).toBe((before!.salesCount as number) + 1);
    // every delivery was acknowledged, so WeChat Pay stops
    const [payOrder] = (await cloud.pay.orders()).filter((o) => (o as { outTradeNo: string }).outTradeNo === order.outTradeNo) as {
      deliveries: { acknowledged?: boolean; attempts: unknown[] }[];
    }[];
    expect(payOrder!.deliveries).toHaveLength(6);
    // and only the delivery that granted the course tells the learner
    expect(await subscribeMessagesTo(cloud, 'o_dupes')).toHaveLength(1);
  });

  it('honours a payment that lands after the order expired', async () => {
    const order = await openOrder('o_late', 'course-art');
    await db.collection('orders').doc(order.id).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    await cloud.pay.succeed(order.outTradeNo);
    expect((await cloud.find('orders', { _id: order.id }))[0]).toMatchObject({ status: 'paid' });
    expect(await ownership('o_late', 'course-art')).toBe(true);
  });

  it('honours a payment for an order the sweep already closed: the money was taken', async () => {
    const order = await openOrder('o_closed', 'course-english');
    await db.collection('orders').doc(order.id).update({ data: { status: 'closed', closedAt: new Date() } });
    await cloud.pay.succeed(order.outTradeNo);
    expect((await cloud.find('orders', { _id: order.id }))[0]).toMatchObject({ status: 'paid' });
    expect(await ownership('o_closed', 'course-english')).toBe(true);
  });
});

describe('expiry', () => {
  it('refuses to start paying an expired order', async () => {
    const { order } = await dataOf(cloud, 'o_slow', 'createOrder', { courseId: 'course-ts' });
    await db.collection('orders').doc(order.id).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await callAs(cloud, 'o_slow', 'unifiedPay', { orderId: order.id })).toMatchObject({ ok: false, error: { code: 'ORDER_EXPIRED' } });
  });

  it('keeps the books consistent when the payment and the sweep meet', async () => {
    for (const [i, courseId] of ['course-cloud', 'course-sleep', 'course-run'].entries()) {
      const openid = `o_meet_${i}`;
      const order = await openOrder(openid, courseId);
      await db.collection('orders').doc(order.id).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
      // the learner pays while the sweep runs; either may come first
      await Promise.allSettled([cloud.pay.succeed(order.outTradeNo), cloud.call('closeExpiredOrders', {}, { source: 'wx_trigger' })]);
      const payOrder = ((await cloud.pay.orders()) as { outTradeNo: string; state: string }[]).find((o) => o.outTradeNo === order.outTradeNo)!;
      const [ours] = await cloud.find('orders', { _id: order.id });
      if (payOrder.state === 'SUCCESS') {
        expect(ours!.status).toBe('paid');
        expect(await ownership(openid, courseId)).toBe(true);
        expect(await cloud.find('payments', { orderId: order.id })).toHaveLength(1);
      } else {
        expect(payOrder.state).toBe('CLOSED');
        expect(ours!.status).toBe('closed');
        expect(await ownership(openid, courseId)).toBe(false);
      }
    }
  });
});

describe('closeExpiredOrders', () => {
  it('closes expired unpaid orders and their WeChat Pay orders, and leaves the rest', async () => {
    const expired = await openOrder('o_sweep', 'course-japanese');
    const fresh = await openOrder('o_sweep', 'course-sleep');
    await db.collection('orders').doc(expired.id).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = await cloud.call('closeExpiredOrders', {}, { source: 'wx_trigger' });
    expect(answer.result).toMatchObject({ ok: true, data: { closed: 1, failed: 0 } });
    expect((await cloud.find('orders', { _id: expired.id }))[0]).toMatchObject({ status: 'closed', closedAt: expect.any(Date) });
    expect((await cloud.find('orders', { _id: fresh.id }))[0]).toMatchObject({ status: 'unpaid' });
    const payOrders = (await cloud.pay.orders()) as { outTradeNo: string; state: string }[];
    expect(payOrders.find((o) => o.outTradeNo === expired.outTradeNo)!.state).toBe('CLOSED');
    // a new order for the course can be opened after the old one closed
    const again = await dataOf(cloud, 'o_sweep', 'createOrder', { courseId: 'course-japanese' });
    expect(again.reused).toBe(false);
  });

  it('is not for learners', async () => {
    // refused by the platform (security rule {"invoke": false})...
    const answer = await cloud.call('closeExpiredOrders', {}, { openid: 'o_x', source: 'wx_client' });
    expect(answer.result).toBeUndefined();
    expect(answer.error?.errMsg).toContain('EXCEED_AUTHORITY');
    // ...and by the function itself, should a client's call reach it
    const asClient = await cloud.emulator.functions.invoke('closeExpiredOrders', {}, { openid: 'o_x', appid: cloud.emulator.appId, unionid: '', source: 'wx_client' });
    expect(asClient).toMatchObject({ kind: 'returned', result: { ok: false, error: { code: 'FORBIDDEN' } } });
    // ...also when a learner's call is passed on by another function
    const passedOn = await cloud.call('closeExpiredOrders', {}, { openid: 'o_x', source: 'wx_client,scf' });
    expect(passedOn.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('runs from its timer trigger', async () => {
    const fired = await fetch(`${cloud.url}/api/triggers/closeExpiredOrders/closeExpiredOrdersEvery5Minutes`, { method: 'POST' });
    const answer = (await fired.json()) as { event: unknown; result: unknown };
    expect(answer.event).toMatchObject({ Type: 'Timer', TriggerName: 'closeExpiredOrdersEvery5Minutes' });
    expect(answer.result).toMatchObject({ ok: true, data: { closed: expect.any(Number), failed: 0 } });
  });

  it('makes no query that a declared index does not serve', () => {
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});

describe('payCallback without a 购买成功 template', () => {
  let quiet: TestCloud;
  beforeAll(async () => {
    quiet = await startDemoCloud();
    // before any function reads the settings: a warm instance keeps them for a minute. Last
    // in this file: from here on the process's wx-server-sdk (the `db` above) points at this cloud.
    const sdk = useSdk(quiet.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk;
    await sdk.database().collection('settings').doc('notifications').update({ data: { purchaseSucceededTemplateId: '' } });
  }, 60_000);
  afterAll(() => quiet?.stop());

  it('grants the course and sends no message, and the mini-program asks for none', async () => {
    const { order } = await dataOf(quiet, 'o_quiet', 'createOrder', { courseId: 'course-time' });
    const { subscribeTemplateIds } = await dataOf(quiet, 'o_quiet', 'unifiedPay', { orderId: order.id });
    expect(subscribeTemplateIds).toEqual([]);
    await quiet.pay.succeed(order.outTradeNo);
    expect((await quiet.find('entitlements', { openid: 'o_quiet', courseId: 'course-time' }))[0]).toMatchObject({ status: 'active' });
    expect(await subscribeMessagesTo(quiet, 'o_quiet')).toEqual([]);
    expect(quiet.unindexedQueries()).toEqual([]);
  });
});
