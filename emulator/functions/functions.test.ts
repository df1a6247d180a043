/* eslint-disable @typescript-eslint/no-explicit-any -- answers of the API under test, read field by field */
import { mkdtemp, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../index';
import { bundleFixtures } from './fixtures/bundle';

let emulator: Emulator;
let functionsDir: string;

async function call(name: string, data: unknown, openid = 'o_learner') {
  const res = await fetch(`${emulator.url}/api/functions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, openid }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { result?: any; error?: { errCode: number; errMsg: string } };
}

beforeAll(async () => {
  functionsDir = await bundleFixtures();
  emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-data-')), functionsDir });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe('functions', () => {
  it('gives the function its data, userInfo and the caller in getWXContext()', async () => {
    const { result } = await call('whoami', { a: 1 }, 'o_alice');
    expect(result.event).toEqual({ a: 1, userInfo: { appId: emulator.appId, openId: 'o_alice' } });
    expect(result.context).toEqual({ OPENID: 'o_alice', APPID: emulator.appId, UNIONID: '', ENV: emulator.envId, SOURCE: 'wx_client' });
  });

  it('keeps two concurrent invocations with different OPENIDs apart', async () => {
    const [alice, bob] = await Promise.all([call('whoami', { delayMs: 300 }, 'o_alice'), call('whoami', { delayMs: 100 }, 'o_bob')]);
    expect(alice.result.context.OPENID).toBe('o_alice');
    expect(bob.result.context.OPENID).toBe('o_bob');
  });

  it('keeps module state in a warm instance and starts another when all are busy', async () => {
    const first = await call('counter', {});
    const second = await call('counter', {});
    expect(second.result.invocations).toBe(first.result.invocations + 1);
    const [a, b] = await Promise.all([call('counter', { holdMs: 200 }), call('counter', { holdMs: 200 })]);
    // the busy warm instance cannot take the second: a cold one counts from 1
    expect([a.result.invocations, b.result.invocations].sort()).toEqual([1, second.result.invocations + 1].sort());
  });

  it('carries the caller identity into a function called by a function, SOURCE gaining ",scf"', async () => {
    const { result } = await call('caller', { data: { x: 2 } }, 'o_carol');
    expect(result.own.SOURCE).toBe('wx_client');
    expect(result.called.context).toMatchObject({ OPENID: 'o_carol', APPID: emulator.appId, SOURCE: 'wx_client,scf' });
    expect(result.called.event).toMatchObject({ x: 2 });
  });

  it('answers a thrown error as wx.cloud.callFunction fails, and as the SDK fails inside a function', async () => {
    const { error } = await call('boom', {});
    expect(error?.errCode).toBe(-504002);
    expect(error?.errMsg).toMatch(/^cloud\.callFunction:fail Error: errCode: -504002 functions execute fail \| errMsg: Error: boom: the fixture failed on purpose/);

    const viaSdk = await call('caller', { target: 'boom' });
    // what wx-server-sdk 4.0.2 makes of the cloud's FUNCTIONS_EXECUTE_FAIL answer
    expect(viaSdk.result.failed.errCode).toBe(-1);
    expect(viaSdk.result.failed.errMsg).toMatch(/^callFunction:fail Error: boom: the fixture failed on purpose\n\s+at main /);
    expect(viaSdk.result.failed.errMsg).not.toContain('worker.cjs');
  });

  it('times out after the config.json timeout and kills the instance', async () => {
    const started = Date.now();
    const { error } = await call('sleepy', { ms: 5000 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toEqual({ errCode: -504003, errMsg: expect.stringContaining('Task timed out after 1 seconds') });
    const ok = await call('sleepy', { ms: 10 });
    expect(ok.result).toEqual({ slept: 10 });
  });

  it('answers an unknown function as not found', async () => {
    const { error } = await call('noSuchFunction', {});
    expect(error?.errCode).toBe(-501000);
    const viaSdk = await call('caller', { target: 'noSuchFunction' });
    expect(viaSdk.result.failed.errMsg).toContain('FunctionName parameter could not be found');
  });

  it('reloads a function whose bundle changed', async () => {
    const first = await call('counter', {});
    expect(first.result.invocations).toBeGreaterThan(1);
    const bundle = path.join(functionsDir, 'counter', 'index.js');
    const later = new Date(Date.now() + 5000);
    await utimes(bundle, later, later);
    const afterReload = await call('counter', {});
    expect(afterReload.result.invocations).toBe(1);
  });

  it('refuses a client the function whose security rule says invoke false, and lets functions and pay notifications in', async () => {
    const before = emulator.functions.callLog().filter((c) => c.name === 'internalOnly').length;
    const { result, error } = await call('internalOnly', { a: 1 }, 'o_intruder');
    expect(result).toBeUndefined();
    expect(error).toEqual({ errCode: -1, errMsg: expect.stringMatching(/^cloud\.callFunction:fail Error: EXCEED_AUTHORITY .*internalOnly may only be invoked internally/) });
    // refused before it ran
    expect(emulator.functions.callLog().filter((c) => c.name === 'internalOnly')).toHaveLength(before);

    const viaFunction = await call('caller', { target: 'internalOnly', data: { b: 2 } }, 'o_carol');
    expect(viaFunction.result.called.context).toMatchObject({ OPENID: 'o_carol', SOURCE: 'wx_client,scf' });

    const outTradeNo = `T${Date.now()}`;
    const opened = emulator.pay.wxpay.handle(
      'unifiedOrder',
      { body: '课程', out_trade_no: outTradeNo, total_fee: 100, spbill_create_ip: '127.0.0.1', sub_mch_id: '1900000109', env_id: emulator.envId, function_name: 'internalOnly', nonce_str: 'n' },
      'o_payer',
    );
    expect(opened.result_code).toBe('SUCCESS');
    const [delivery] = await emulator.pay.wxpay.succeed(outTradeNo).deliveries;
    expect(delivery!.state).toBe('acknowledged');
    expect(delivery!.attempts[0]!.answer).toMatchObject({ context: { OPENID: 'o_payer', SOURCE: 'wx_paycallback' } });
  });

  it('refuses a client without OPENID the function whose rule is "auth != null"', async () => {
    expect((await call('signedInOnly', {}, 'o_someone')).result).toEqual({ ok: true });
    const anonymous = await call('signedInOnly', {}, '');
    expect(anonymous.error?.errMsg).toContain('EXCEED_AUTHORITY');
  });

  it('logs every invocation with its source, openid, duration and outcome', async () => {
    const res = await fetch(`${emulator.url}/api/calls`);
    const { calls } = (await res.json()) as { calls: any[] };
    const boom = calls.find((c) => c.name === 'boom');
    expect(boom).toMatchObject({ openid: 'o_learner', source: 'wx_client', outcome: 'threw' });
    expect(boom.error).toContain('boom');
    expect(calls.find((c) => c.source === 'wx_client,scf')).toBeTruthy();
    expect(calls.every((c) => typeof c.durationMs === 'number')).toBe(true);
  });
});
