/* eslint-disable @typescript-eslint/no-explicit-any -- answers of the API under test, read field by field */
import { createHmac } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleFixtures } from '../functions/fixtures/bundle';
import { startEmulator, type Emulator } from '../index';
import { startTestCloud } from '../../test/cloud';
import { EMULATOR_APP_ID, EMULATOR_APP_SECRET, EMULATOR_XPAY_APP_KEY } from './keys';
import { clientPaySig, serverPaySig, userSignature } from './sign';

// Known vectors, computed apart from the code under test (openssl dgst -sha256 -hmac KEY over the same text).
const VECTOR_KEY = 'test-appkey-0001';
const VECTOR_SESSION_KEY = 'c2Vzc2lvbi1rZXktMDAwMQ==';
const VECTOR_SIGN_DATA = '{"offerId":"1450000000","buyQuantity":1,"env":0,"currencyType":"CNY","productId":"course_ts_19900","goodsPrice":19900,"outTradeNo":"T20260101120000ab","attach":"ord_1"}';
const VECTOR_BODY = '{"openid":"o_alice","env":0,"order_id":"T20260101120000ab"}';
const VECTOR_PAY_SIG = 'd6dec511f1a3da12011926accf761dba462249f4928e04bf6d5ba8244382cef6';
const VECTOR_SIGNATURE = '79d70f46193b7c4844d25db50d4e9fbecb6d593f78b12bfda4ac86a0e245e64f';
const VECTOR_SERVER_PAY_SIG = '33485a8ff6079ccbc3ef634647a04d6f763dc29f55cb58cf7820629be692cc27';

/** The test's own HMAC, not the emulator's. */
const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

const LEARNER = 'o_xpay_learner';
let emulator: Emulator;
let counter = 0;

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emulator.url}${route}`, { method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

async function accessToken(): Promise<string> {
  const { json } = await api('GET', `/cgi-bin/token?grant_type=client_credential&appid=${EMULATOR_APP_ID}&secret=${EMULATOR_APP_SECRET}`);
  return json.access_token;
}

/** A signed call to the server API, as a function makes it. */
async function serverCall(uri: string, body: Record<string, unknown>, options: { key?: string; token?: string } = {}) {
  const text = JSON.stringify(body);
  const token = options.token ?? (await accessToken());
  return (await api('POST', `${uri}?access_token=${token}&pay_sig=${hmac(options.key ?? EMULATOR_XPAY_APP_KEY, `${uri}&${text}`)}`, text)).json;
}

async function sessionKeyOf(openid: string): Promise<string> {
  const { json: login } = await api('POST', '/api/xpay/login', { openid });
  const { json } = await api('GET', `/sns/jscode2session?appid=${EMULATOR_APP_ID}&secret=${EMULATOR_APP_SECRET}&js_code=${login.code}&grant_type=authorization_code`);
  return json.session_key;
}

function signDataFor(outTradeNo: string, goodsPrice = 19900) {
  return JSON.stringify({ offerId: '1450000000', buyQuantity: 1, env: 0, currencyType: 'CNY', productId: `course_ts_${goodsPrice}`, goodsPrice, outTradeNo, attach: `ord_${outTradeNo}` });
}

async function signedPayment(openid: string, outTradeNo: string, goodsPrice?: number) {
  const signData = signDataFor(outTradeNo, goodsPrice);
  return { openid, signData, paySig: hmac(EMULATOR_XPAY_APP_KEY, `requestVirtualPayment&${signData}`), signature: hmac(await sessionKeyOf(openid), signData) };
}

const newOutTradeNo = () => `X${Date.now()}${++counter}`;

beforeAll(async () => {
  const functionsDir = await bundleFixtures(['xpayPushSink', 'xpayCaller']);
  emulator = await startEmulator({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-xpay-')),
    functionsDir,
    messagePush: { function: 'xpayPushSink' },
    pushRetrySchedule: [50, 100],
    refundDelayMs: null,
  });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe('virtual payment signatures', () => {
  it('match vectors computed apart', () => {
    expect(hmac(VECTOR_KEY, `requestVirtualPayment&${VECTOR_SIGN_DATA}`)).toBe(VECTOR_PAY_SIG);
    expect(hmac(VECTOR_SESSION_KEY, VECTOR_SIGN_DATA)).toBe(VECTOR_SIGNATURE);
    expect(hmac(VECTOR_KEY, `/xpay/query_order&${VECTOR_BODY}`)).toBe(VECTOR_SERVER_PAY_SIG);
    expect(clientPaySig(VECTOR_KEY, VECTOR_SIGN_DATA)).toBe(VECTOR_PAY_SIG);
    expect(userSignature(VECTOR_SESSION_KEY, VECTOR_SIGN_DATA)).toBe(VECTOR_SIGNATURE);
    expect(serverPaySig(VECTOR_KEY, '/xpay/query_order', VECTOR_BODY)).toBe(VECTOR_SERVER_PAY_SIG);
  });
});

describe('the access token and code2Session', () => {
  it('issues a token only for the app and its secret, and the server API wants one', async () => {
    expect((await api('GET', `/cgi-bin/token?grant_type=client_credential&appid=${EMULATOR_APP_ID}&secret=wrong`)).json).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
    expect((await api('GET', `/cgi-bin/token?grant_type=client_credential&appid=wxother&secret=${EMULATOR_APP_SECRET}`)).json.errcode).toBe(40013);
    const { json } = await api('GET', `/cgi-bin/token?grant_type=client_credential&appid=${EMULATOR_APP_ID}&secret=${EMULATOR_APP_SECRET}`);
    expect(json).toEqual({ access_token: expect.stringMatching(/^[\w-]{20,}$/), expires_in: 7200 });
    const body = JSON.stringify({ openid: LEARNER, env: 0, order_id: 'nope' });
    const sig = hmac(EMULATOR_XPAY_APP_KEY, `/xpay/query_order&${body}`);
    expect((await api('POST', `/xpay/query_order?pay_sig=${sig}`, body)).json.errcode).toBe(41001);
    expect((await api('POST', `/xpay/query_order?access_token=forged&pay_sig=${sig}`, body)).json.errcode).toBe(40001);
    // signed right: WeChat looked, and knows no such order
    expect((await api('POST', `/xpay/query_order?access_token=${json.access_token}&pay_sig=${sig}`, body)).json.errcode).toBe(268490002);
  });

  it('refuses a wrong pay_sig with 268490003, whatever the body', async () => {
    const token = await accessToken();
    const body = { openid: LEARNER, env: 0, order_id: 'nope' };
    expect(await serverCall('/xpay/query_order', body, { key: 'not-the-app-key', token })).toEqual({ errcode: 268490003, errmsg: '支付签名(pay_sig)校验失败' });
    // signed for another path
    const text = JSON.stringify(body);
    const other = hmac(EMULATOR_XPAY_APP_KEY, `/xpay/refund_order&${text}`);
    expect((await api('POST', `/xpay/query_order?access_token=${token}&pay_sig=${other}`, text)).json.errcode).toBe(268490003);
    // the signed text with one space added
    const sig = hmac(EMULATOR_XPAY_APP_KEY, `/xpay/query_order&${text}`);
    expect((await api('POST', `/xpay/query_order?access_token=${token}&pay_sig=${sig}`, `${text} `)).json.errcode).toBe(268490003);
  });

  it('answers a wx.login code once, with the learner and a session_key that stays theirs', async () => {
    const { json: login } = await api('POST', '/api/xpay/login', { openid: LEARNER });
    expect(login.code).toMatch(/^[0-9a-f]{32}$/);
    const session = (code: string, secret = EMULATOR_APP_SECRET) =>
      api('GET', `/sns/jscode2session?appid=${EMULATOR_APP_ID}&secret=${secret}&js_code=${code}&grant_type=authorization_code`).then((r) => r.json);
    expect((await session(login.code, 'wrong')).errcode).toBe(40125);
    const first = await session(login.code);
    expect(first).toEqual({ openid: LEARNER, session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/) });
    expect((await session(login.code)).errcode).toBe(40163);
    expect((await session('0123456789abcdef0123456789abcdef')).errcode).toBe(40029);
    const { json: again } = await api('POST', '/api/xpay/login', { openid: LEARNER });
    expect(again.code).not.toBe(login.code);
    expect((await session(again.code)).session_key).toBe(first.session_key);
    const { json: other } = await api('POST', '/api/xpay/login', { openid: 'o_someone_else' });
    expect((await session(other.code)).session_key).not.toBe(first.session_key);
  });
});

describe('paying in the virtual payment sheet', () => {
  it('refuses a wrong paySig (-15005) and a wrong signature (-15006), and records nothing', async () => {
    const outTradeNo = newOutTradeNo();
    const good = await signedPayment(LEARNER, outTradeNo);
    expect((await api('POST', '/api/xpay/pay', { ...good, paySig: hmac('wrong-key', `requestVirtualPayment&${good.signData}`) })).json.errCode).toBe(-15005);
    expect((await api('POST', '/api/xpay/pay', { ...good, signature: hmac('wrong-session-key', good.signData) })).json.errCode).toBe(-15006);
    // signed for one learner, paid as another
    expect((await api('POST', '/api/xpay/pay', { ...good, openid: 'o_someone_else' })).json.errCode).toBe(-15006);
    // a changed price breaks both signatures: paySig is checked first
    expect((await api('POST', '/api/xpay/pay', { ...good, signData: good.signData.replace('19900', '1') })).json.errCode).toBe(-15005);
    const { json } = await api('GET', '/api/xpay/orders');
    expect(json.orders.find((o: any) => o.orderId === outTradeNo)).toBeUndefined();
  });

  it('pays, pushes xpay_goods_deliver_notify as wx_msgpush until ErrCode 0, and query_order says so', async () => {
    const outTradeNo = newOutTradeNo();
    const { json } = await api('POST', '/api/xpay/pay', { ...(await signedPayment(LEARNER, outTradeNo)), wait: true });
    expect(json).toMatchObject({ errCode: 0, errMsg: 'requestVirtualPayment:ok' });
    const [push] = json.pushes;
    expect(push.state).toBe('acknowledged');
    expect(push.attempts.map((a: any) => a.acknowledged)).toEqual([false, true]);
    const { event, context } = push.attempts[1].answer;
    expect(context).toMatchObject({ OPENID: LEARNER, APPID: EMULATOR_APP_ID, SOURCE: 'wx_msgpush' });
    expect(event).toEqual({
      ToUserName: expect.stringMatching(/^gh_/),
      FromUserName: LEARNER,
      CreateTime: expect.any(Number),
      MsgType: 'event',
      Event: 'xpay_goods_deliver_notify',
      OpenId: LEARNER,
      OutTradeNo: outTradeNo,
      Env: 0,
      WeChatPayInfo: { MchOrderNo: expect.any(String), TransactionId: expect.stringMatching(/^4200\d+$/), PaidTime: expect.any(Number) },
      GoodsInfo: { ProductId: 'course_ts_19900', Quantity: 1, OrigPrice: 19900, ActualPrice: 19900, Attach: `ord_${outTradeNo}` },
    });
    const query = await serverCall('/xpay/query_order', { openid: LEARNER, env: 0, order_id: outTradeNo });
    expect(query).toMatchObject({ errcode: 0, errmsg: 'ok' });
    // acknowledged: 发货成功
    expect(query.order).toMatchObject({ order_id: outTradeNo, status: 4, order_fee: 19900, paid_fee: 19900, refund_fee: 0, left_fee: 19900, product_id: 'course_ts_19900', openid: LEARNER, wx_order_id: event.WeChatPayInfo.MchOrderNo });
    // another learner's openid, the sandbox env: not this order
    expect((await serverCall('/xpay/query_order', { openid: 'o_someone_else', env: 0, order_id: outTradeNo })).errcode).toBe(268490001);
    expect((await serverCall('/xpay/query_order', { openid: LEARNER, env: 1, order_id: outTradeNo })).errcode).not.toBe(0);
    expect(await serverCall('/xpay/notify_provide_goods', { order_id: outTradeNo, env: 0 })).toEqual({ errcode: 0, errmsg: 'ok' });
    // the same outTradeNo cannot be paid twice
    expect((await api('POST', '/api/xpay/pay', await signedPayment(LEARNER, outTradeNo))).json.errCode).not.toBe(0);
  });

  it('paid with the push lost: query_order says paid (2) and notify_provide_goods delivers (4)', async () => {
    const outTradeNo = newOutTradeNo();
    const { json } = await api('POST', '/api/xpay/pay', { ...(await signedPayment(LEARNER, outTradeNo, 500)), lose: true, wait: true });
    expect(json).toMatchObject({ errCode: 0, pushes: [] });
    expect((await serverCall('/xpay/query_order', { openid: LEARNER, env: 0, order_id: outTradeNo })).order.status).toBe(2);
    expect(await serverCall('/xpay/notify_provide_goods', { order_id: outTradeNo, env: 0 })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await serverCall('/xpay/query_order', { openid: LEARNER, env: 0, order_id: outTradeNo })).order).toMatchObject({ status: 4, provide_time: expect.any(Number) });
    expect((await api('GET', '/api/xpay/orders')).json.orders.find((o: any) => o.orderId === outTradeNo).pushes).toEqual([]);
  });

  it('the functions run with WECHAT_API_BASE and the demo secrets: a function calls the server API from its environment', async () => {
    const outTradeNo = newOutTradeNo();
    await api('POST', '/api/xpay/pay', { ...(await signedPayment(LEARNER, outTradeNo, 300)), lose: true });
    const { json } = await api('POST', '/api/functions/xpayCaller', { data: { openid: LEARNER, orderId: outTradeNo }, openid: LEARNER });
    expect(json.result).toMatchObject({ base: emulator.url, hasToken: true, answer: { errcode: 0, order: { order_id: outTradeNo, paid_fee: 300, status: 2 } } });
  });

  it('delivers a push of the caller\'s making to the message-push function once, as wx_msgpush', async () => {
    const event = { ToUserName: 'gh_x', FromUserName: 'o_forger', MsgType: 'event', Event: 'xpay_goods_deliver_notify', OutTradeNo: 'forged' };
    const { json } = await api('POST', '/api/xpay/push', { event });
    expect(json.outcome).toMatchObject({ kind: 'returned', result: { ErrCode: 1, event, context: { OPENID: 'o_forger', SOURCE: 'wx_msgpush' } } });
  });
});

describe('refunds', () => {
  it('refund_order checks the order and its left_fee; the refund completes, pushes xpay_refund_notify, and query_order says 5', async () => {
    const outTradeNo = newOutTradeNo();
    await api('POST', '/api/xpay/pay', { ...(await signedPayment(LEARNER, outTradeNo, 1990)), wait: true });
    const refund = (fields: Record<string, unknown> = {}) =>
      serverCall('/xpay/refund_order', { openid: LEARNER, order_id: outTradeNo, refund_order_id: `${outTradeNo}R1`, left_fee: 1990, refund_fee: 1990, biz_meta: '', refund_reason: '0', req_from: '1', env: 0, ...fields });
    expect((await refund({ left_fee: 1000 })).errcode).toBe(268490002);
    expect((await refund({ refund_fee: 2000, left_fee: 1990 })).errcode).toBe(268490002);
    expect((await refund({ openid: 'o_someone_else' })).errcode).toBe(268490001);
    expect((await refund({ order_id: 'nope' })).errcode).toBe(268490002);
    const accepted = await refund();
    expect(accepted).toMatchObject({ errcode: 0, refund_order_id: `${outTradeNo}R1`, refund_wx_order_id: expect.any(String), pay_order_id: outTradeNo });
    // asked again (a retry): the same answer; another amount under the same id: refused
    expect(await refund()).toEqual(accepted);
    expect((await refund({ refund_fee: 10 })).errcode).toBe(268490004);
    expect((await serverCall('/xpay/query_order', { openid: LEARNER, env: 0, order_id: outTradeNo })).order).toMatchObject({ status: 4, refund_fee: 0 });

    const { json } = await api('POST', `/api/xpay/refunds/${outTradeNo}R1/complete`, { wait: true });
    expect(json.refund).toMatchObject({ state: 'succeeded', refundFee: 1990 });
    const [push] = json.pushes;
    expect(push).toMatchObject({ kind: 'refund', state: 'acknowledged' });
    expect(push.attempts.at(-1).answer.event).toMatchObject({
      MsgType: 'event',
      Event: 'xpay_refund_notify',
      OpenId: LEARNER,
      MchRefundId: `${outTradeNo}R1`,
      MchOrderId: outTradeNo,
      RefundFee: 1990,
      RetCode: 0,
      WxRefundId: accepted.refund_wx_order_id,
    });
    expect((await serverCall('/xpay/query_order', { openid: LEARNER, env: 0, order_id: outTradeNo })).order).toMatchObject({ status: 5, refund_fee: 1990, left_fee: 0 });
    expect((await refund({ refund_order_id: `${outTradeNo}R2`, left_fee: 0, refund_fee: 1 })).errcode).toBe(268490002);
  });

  it('records a refund WeChat reports without our asking (Apple refunding an iOS purchase)', async () => {
    const outTradeNo = newOutTradeNo();
    await api('POST', '/api/xpay/pay', { ...(await signedPayment(LEARNER, outTradeNo, 700)), wait: true });
    const { json } = await api('POST', `/api/xpay/orders/${outTradeNo}/refund`, { wait: true });
    expect(json.pushes[0].attempts.at(-1).answer.event).toMatchObject({ Event: 'xpay_refund_notify', MchOrderId: outTradeNo, MchRefundId: '', RefundFee: 700, RetCode: 0 });
    expect((await serverCall('/xpay/query_order', { openid: LEARNER, env: 0, order_id: outTradeNo })).order.status).toBe(5);
  });
});

describe('message pushes across a restart', () => {
  afterAll(() => {
    delete process.env.STUBBORN_PUSH_ACCEPTS;
  });

  it('takes up the pushes left pending on the same data folder, attempts counted on', { timeout: 60_000 }, async () => {
    const functionsDir = await bundleFixtures(['stubbornPush']);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'emu-xpay-resume-'));
    const options = { dataDir, functionsDir, messagePush: { function: 'stubbornPush' }, pushRetrySchedule: [100], refundDelayMs: 0 };
    const first = await startEmulator(options);
    const restarted: Emulator[] = [first];
    try {
      const previous = emulator;
      emulator = first;
      const paid = newOutTradeNo();
      const refunded = newOutTradeNo();
      try {
        await api('POST', '/api/xpay/pay', await signedPayment(LEARNER, paid, 800));
        await api('POST', '/api/xpay/pay', await signedPayment(LEARNER, refunded, 300));
        expect(
          (await serverCall('/xpay/refund_order', { openid: LEARNER, order_id: refunded, refund_order_id: `${refunded}R`, left_fee: 300, refund_fee: 300, biz_meta: '', refund_reason: '1', req_from: '1', env: 0 })).errcode,
        ).toBe(0);
      } finally {
        emulator = previous;
      }
      const failing = () => first.xpay.book.pushes.filter((p) => p.state === 'pending' && p.attempts.length >= 2);
      await vi.waitFor(() => expect(failing()).toHaveLength(3), { timeout: 10_000 });
      await first.close();
      const left = first.xpay.book.pushes.map((p) => ({ id: p.id, kind: p.kind, orderId: p.orderId, attempts: p.attempts.length }));
      expect(first.xpay.book.pushes.every((p) => p.state === 'pending')).toBe(true);

      // the function is fixed; the emulator starts again on the same folder
      process.env.STUBBORN_PUSH_ACCEPTS = '1';
      const second = await startEmulator(options);
      restarted.push(second);
      const done = await vi.waitFor(
        () => {
          expect(second.xpay.book.pushes.map((p) => p.state)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
          return second.xpay.book.pushes;
        },
        { timeout: 10_000 },
      );
      expect(done.map((p) => ({ id: p.id, kind: p.kind, orderId: p.orderId }))).toEqual(left.map(({ id, kind, orderId }) => ({ id, kind, orderId })));
      done.forEach((p, i) => {
        expect(p.attempts).toHaveLength(left[i].attempts + 1);
        expect(p.attempts.at(-1)).toMatchObject({ acknowledged: true, answer: { ErrCode: 0, context: { OPENID: LEARNER, SOURCE: 'wx_msgpush' } } });
      });
      expect(done.map((p) => p.kind).sort()).toEqual(['deliver', 'deliver', 'refund']);
      expect(second.xpay.book.orders.get(paid)?.status).toBe(4);
      expect(second.xpay.book.orders.get(refunded)?.status).toBe(5);
    } finally {
      for (const e of restarted) await e.close();
    }
  });
});

describe('the TestCloud hooks', () => {
  it('cloud.xpay: login, pay (each delivery pushed), orders, a forged push, refunds', { timeout: 60_000 }, async () => {
    const cloud = await startTestCloud({ functionsDir: await bundleFixtures(['xpayPushSink']), messagePush: { function: 'xpayPushSink' }, collections: [], indexes: {}, refundDelayMs: null });
    try {
      const code = await cloud.xpay.login(LEARNER);
      const session = await (await fetch(`${cloud.url}/sns/jscode2session?appid=${EMULATOR_APP_ID}&secret=${EMULATOR_APP_SECRET}&js_code=${code}&grant_type=authorization_code`)).json();
      const outTradeNo = newOutTradeNo();
      const signData = signDataFor(outTradeNo, 990);
      const payment = { openid: LEARNER, signData, paySig: hmac(EMULATOR_XPAY_APP_KEY, `requestVirtualPayment&${signData}`), signature: hmac(session.session_key, signData) };
      expect((await cloud.xpay.pay({ ...payment, signature: 'f'.repeat(64) })).errCode).toBe(-15006);
      const paid = await cloud.xpay.pay(payment, { deliveries: 3 });
      expect(paid.errCode).toBe(0);
      expect(paid.pushes?.map((p) => p.state)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
      const [order] = await cloud.xpay.orders();
      expect(order).toMatchObject({ orderId: outTradeNo, paidFee: 990, status: 4, openid: LEARNER });
      expect(order.pushes).toHaveLength(3);
      const forged = await cloud.xpay.push({ Event: 'xpay_goods_deliver_notify', OutTradeNo: 'forged-1', FromUserName: 'o_forger' });
      expect(forged).toMatchObject({ kind: 'returned', result: { ErrCode: 1, context: { SOURCE: 'wx_msgpush', OPENID: 'o_forger' } } });
      const apple: any = await cloud.xpay.refundFromOutside(outTradeNo, { refundFee: 90 });
      expect(apple.refund).toMatchObject({ state: 'succeeded', refundFee: 90, from: 'apple' });
      const [after] = await cloud.xpay.orders();
      // a partial refund: the order stays delivered, with 900 left
      expect(after.status).toBe(4);
    } finally {
      await cloud.stop();
    }
  });
});
