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
});
