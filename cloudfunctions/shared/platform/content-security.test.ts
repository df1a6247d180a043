/**
 * checkText through the real wx-server-sdk on the emulator's msgSecCheck:
 * WeChat's verdicts as they are, and `unchecked` (never a throw, never
 * `pass`) when the check itself fails.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { useSdk } from '../../../test/cloud/sdk';

let emulator: Emulator;
let checkText: typeof import('./content-security').checkText;

beforeAll(async () => {
  emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-security-')), functionsDir: os.tmpdir() });
  useSdk(emulator.sdkEnv());
  ({ checkText } = await import('./content-security'));
  emulator.openapi.setSecurityWords({ risky: ['违禁'], review: ['待审'], failing: ['故障'] });
});

afterAll(async () => {
  await emulator?.close();
});

describe('checkText', () => {
  it('answers WeChat’s suggest: pass, review, risky', async () => {
    expect(await checkText('讲得清楚，例子很实用', 'o_writer')).toBe('pass');
    expect(await checkText('有点待审的内容', 'o_writer')).toBe('review');
    expect(await checkText('这是违禁内容', 'o_writer')).toBe('risky');
    expect(emulator.openapi.messages().at(-1)).toMatchObject({
      apiName: 'security.msgSecCheck',
      params: { content: '这是违禁内容', version: 2, scene: 2, openid: 'o_writer' },
    });
  });

  it('is unchecked when the check fails (an errcode, a missing openid), never pass', async () => {
    expect(await checkText('一个故障', 'o_writer')).toBe('unchecked');
    expect(await checkText('讲得清楚', '')).toBe('unchecked');
  });

  it('checks a long text in parts, the worst part deciding', async () => {
    const long = `${'好'.repeat(2600)}违禁`;
    expect(await checkText(long, 'o_writer')).toBe('risky');
    const parts = emulator.openapi.messages().slice(-2);
    expect(parts.map((m) => Array.from(String(m.params.content)).length)).toEqual([2500, 102]);
  });
});
