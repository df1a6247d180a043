import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSdk, type Sdk } from '../../test/cloud/sdk';
import { startEmulator, type Emulator } from '../index';

let emulator: Emulator;
let sdk: Sdk;

beforeAll(async () => {
  emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-openapi-')), functionsDir: os.tmpdir() });
  sdk = useSdk(emulator.sdkEnv());
});

afterAll(async () => {
  await emulator?.close();
});

describe('openapi through the real SDK', () => {
  it('records subscribeMessage.send and answers ok', async () => {
    const answer = await sdk.openapi.subscribeMessage.send({
      touser: 'o_learner',
      templateId: 'TPL_PAID',
      page: 'pages/course/index?id=c1',
      miniprogramState: 'developer',
      data: { thing1: { value: 'TypeScript 入门' }, amount2: { value: '9.90元' } },
    });
    expect(answer).toMatchObject({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });

    const res = await fetch(`${emulator.url}/api/messages`);
    const { messages } = (await res.json()) as { messages: { apiName: string; params: Record<string, unknown>; answer: { errcode: number } }[] };
    expect(messages.at(-1)).toMatchObject({
      apiName: 'subscribeMessage.send',
      params: {
        touser: 'o_learner',
        template_id: 'TPL_PAID',
        page: 'pages/course/index?id=c1',
        miniprogram_state: 'developer',
        data: { thing1: { value: 'TypeScript 入门' }, amount2: { value: '9.90元' } },
      },
      answer: { errcode: 0 },
    });
  });

  it('answers 43101 for a learner who agreed to no subscribe message', async () => {
    const marked = await fetch(`${emulator.url}/api/messages/refusals`, { method: 'POST', body: JSON.stringify({ openid: 'o_unsubscribed' }) });
    expect(marked.status).toBe(200);
    await expect(
      sdk.openapi.subscribeMessage.send({ touser: 'o_unsubscribed', templateId: 'TPL_PAID', data: { thing1: { value: 'x' } } }),
    ).rejects.toMatchObject({ errCode: 43101 });
    expect(emulator.openapi.messages().at(-1)).toMatchObject({ params: { touser: 'o_unsubscribed' }, answer: { errcode: 43101 } });
    // others still get theirs
    await expect(sdk.openapi.subscribeMessage.send({ touser: 'o_other', templateId: 'TPL_PAID', data: { thing1: { value: 'x' } } })).resolves.toMatchObject({
      errCode: 0,
    });
  });

  it('refuses a message without a recipient as WeChat does', async () => {
    await expect(sdk.openapi.subscribeMessage.send({ templateId: 'T', data: {} })).rejects.toMatchObject({ errCode: 40003 });
  });

  it('answers security.msgSecCheck v2 by the word lists set at POST /api/openapi/security, and records the check', async () => {
    const set = await fetch(`${emulator.url}/api/openapi/security`, { method: 'POST', body: JSON.stringify({ risky: ['违禁词'], review: ['待审词'], failing: ['故障词'] }) });
    expect(await set.json()).toEqual({ risky: ['违禁词'], review: ['待审词'], failing: ['故障词'] });
    const check = (content: string) => sdk.openapi.security.msgSecCheck({ content, version: 2, scene: 2, openid: 'o_writer' });

    expect(await check('这门课讲得很好')).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 }, detail: [{ strategy: 'content_model', suggest: 'pass' }] });
    expect(await check('里面有待审词')).toMatchObject({ result: { suggest: 'review', label: 21000 }, detail: expect.arrayContaining([expect.objectContaining({ strategy: 'keyword', keyword: '待审词' })]) });
    expect(await check('待审词和违禁词')).toMatchObject({ result: { suggest: 'risky' }, detail: expect.arrayContaining([expect.objectContaining({ keyword: '违禁词', suggest: 'risky' })]) });
    await expect(check('一个故障词')).rejects.toMatchObject({ errCode: -1 });
    // WeChat's own argument checks
    await expect(sdk.openapi.security.msgSecCheck({ content: 'x', version: 2, scene: 2 })).rejects.toMatchObject({ errCode: 40003 });
    await expect(sdk.openapi.security.msgSecCheck({ content: 'x', version: 1, scene: 2, openid: 'o_writer' })).rejects.toMatchObject({ errCode: 47001 });
    await expect(sdk.openapi.security.msgSecCheck({ content: 'x', version: 2, scene: 9, openid: 'o_writer' })).rejects.toMatchObject({ errCode: 47001 });

    const { messages } = (await (await fetch(`${emulator.url}/api/messages`)).json()) as { messages: { apiName: string; params: Record<string, unknown>; answer: Record<string, unknown> }[] };
    const checks = messages.filter((m) => m.apiName === 'security.msgSecCheck');
    expect(checks.slice(0, 4).map((m) => [m.params.content, (m.answer.result as { suggest?: string } | undefined)?.suggest ?? m.answer.errcode])).toEqual([
      ['这门课讲得很好', 'pass'],
      ['里面有待审词', 'review'],
      ['待审词和违禁词', 'risky'],
      ['一个故障词', -1],
    ]);
    expect(checks[0]).toMatchObject({ params: { openid: 'o_writer', scene: 2, version: 2 } });

    // one list replaced, the others kept; GET shows them
    await fetch(`${emulator.url}/api/openapi/security`, { method: 'POST', body: JSON.stringify({ risky: [] }) });
    expect(await (await fetch(`${emulator.url}/api/openapi/security`)).json()).toEqual({ risky: [], review: ['待审词'], failing: ['故障词'] });
    expect(await check('违禁词')).toMatchObject({ result: { suggest: 'pass' } });
    const bad = await fetch(`${emulator.url}/api/openapi/security`, { method: 'POST', body: JSON.stringify({ risky: 'x' }) });
    expect(bad.status).toBeGreaterThanOrEqual(400);
  });
});
