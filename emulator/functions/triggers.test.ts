/* eslint-disable @typescript-eslint/no-explicit-any -- answers of the API under test, read field by field */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../index';
import { bundleFixtures } from './fixtures/bundle';
import { parseScfCron } from './triggers';

let functionsDir: string;

beforeAll(async () => {
  functionsDir = await bundleFixtures(['ticker', 'badTimer', 'whoami']);
}, 60_000);

async function api(emulator: Emulator, method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emulator.url}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SCF cron (7 fields, Beijing time)', () => {
  const at = new Date('2026-05-01T00:00:00Z'); // a Friday, 08:00 in Beijing

  it('reads seconds, Beijing hours and weekdays, and the year', () => {
    const every5Minutes = parseScfCron('0 */5 * * * * *');
    expect(every5Minutes.next(at)?.toISOString()).toBe('2026-05-01T00:05:00.000Z');
    expect(parseScfCron('*/5 * * * * * *').next(at)?.toISOString()).toBe('2026-05-01T00:00:05.000Z');
    // 10:15 Beijing on weekdays
    const weekdays = parseScfCron('0 15 10 * * MON-FRI *');
    const first = weekdays.next(at)!;
    expect(first.toISOString()).toBe('2026-05-01T02:15:00.000Z');
    expect(weekdays.next(first)?.toISOString()).toBe('2026-05-04T02:15:00.000Z');
    // midnight of 1 January 2030 in Beijing, then never again
    const once = parseScfCron('0 0 0 1 1 * 2030');
    const only = once.next(at)!;
    expect(only.toISOString()).toBe('2029-12-31T16:00:00.000Z');
    expect(once.next(only)).toBeUndefined();
    expect(parseScfCron('0 0 0 1 1 * 2027-2031/2').next(new Date('2028-06-01T00:00:00Z'))?.toISOString()).toBe('2028-12-31T16:00:00.000Z');
  });

  it('refuses what SCF refuses, saying why', () => {
    expect(() => parseScfCron('0 */5 * * * *')).toThrow(/7 fields.*has 6/);
    expect(() => parseScfCron('61 * * * * * *')).toThrow(/61/);
    expect(() => parseScfCron('0 0 0 30 2 * *')).toThrow(/day of month/);
    expect(() => parseScfCron('0 0 0 L * * *')).toThrow(/day-of-month field "L"/);
    expect(() => parseScfCron('0 0 0 ? * * *')).toThrow(/day-of-month/);
    expect(() => parseScfCron('0 0 0 * * * 1969')).toThrow(/year field "1969"/);
    expect(() => parseScfCron('0 0 0 * * * 2100')).toThrow(/year field/);
  });
});

describe('timer triggers on schedule', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-timers-')),
      functionsDir,
      collections: ['ticks'],
      timers: true,
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('invokes the function every second with SCF timer event, SOURCE wx_trigger and no OPENID, logged as the trigger', { timeout: 20_000 }, async () => {
    const started = Date.now();
    let ticks: any[] = [];
    while (ticks.length < 3 && Date.now() - started < 15_000) {
      await sleep(200);
      ticks = (await api(emulator, 'GET', '/api/calls')).json.calls.filter((c: any) => c.name === 'ticker' && c.outcome);
    }
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const call of ticks) {
      expect(call).toMatchObject({ source: 'wx_trigger', trigger: 'everySecond', openid: '', outcome: 'returned', roundTrips: 1 });
      expect(call.result.event).toEqual({ Type: 'Timer', TriggerName: 'everySecond', Time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), Message: '' });
      expect(call.result.context).toEqual({ OPENID: '', APPID: emulator.appId, UNIONID: '', ENV: emulator.envId, SOURCE: 'wx_trigger' });
      expect(call.result.total).toBe(0);
    }
    const times = ticks.map((c: any) => Date.parse(c.result.event.Time)).sort((a: number, b: number) => a - b);
    // one firing a second, on the second
    times.slice(1).forEach((t: number, i: number) => expect(t - times[i]).toBe(1000));
  });

  it('lists the scheduled triggers and reports the ones it could not schedule, serving the rest as usual', async () => {
    const { status, json } = await api(emulator, 'GET', '/api/triggers');
    expect(status).toBe(200);
    expect(json.triggers).toEqual([{ functionName: 'ticker', name: 'everySecond', config: '* * * * * * *', next: expect.any(String), fired: expect.any(Number) }]);
    expect(json.problems).toEqual([
      { functionName: 'badTimer', trigger: 'sixFields', config: '0 */5 * * * *', error: expect.stringMatching(/7 fields/) },
      { functionName: 'badTimer', trigger: 'badSecond', config: '61 * * * * * *', error: expect.stringMatching(/61 expected range 0-59/) },
    ]);
    const whoami = await api(emulator, 'POST', '/api/functions/whoami', { data: {}, openid: 'o_a' });
    expect(whoami.json.result.context.OPENID).toBe('o_a');
    expect((await api(emulator, 'POST', '/api/functions/badTimer', {})).json.result).toEqual({ ran: true });
  });

  it('stops firing when the emulator closes', async () => {
    await emulator.close();
    const count = emulator.functions.callLog().filter((c) => c.name === 'ticker').length;
    await sleep(1500);
    expect(emulator.functions.callLog().filter((c) => c.name === 'ticker').length).toBe(count);
  });
});

describe('timer triggers fired over HTTP', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    // timers are off unless asked for
    emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-timers-')), functionsDir, collections: ['ticks'] });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('POST /api/triggers/<function>/<trigger> fires it now, as the schedule would', async () => {
    const before = Date.now();
    const { status, json } = await api(emulator, 'POST', '/api/triggers/ticker/everySecond');
    expect(status).toBe(200);
    expect(json.event).toEqual({ Type: 'Timer', TriggerName: 'everySecond', Time: expect.any(String), Message: '' });
    expect(Date.parse(json.event.Time)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(json.result.event).toEqual(json.event);
    expect(json.result.context.SOURCE).toBe('wx_trigger');
    const calls = emulator.functions.callLog();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'ticker', trigger: 'everySecond', source: 'wx_trigger' });
    // nothing on a schedule
    await sleep(1200);
    expect(emulator.functions.callLog()).toHaveLength(1);
    expect((await api(emulator, 'GET', '/api/triggers')).json).toEqual({ triggers: [], problems: [] });
  });

  it('refuses an unknown or invalid trigger clearly', async () => {
    const unknown = await api(emulator, 'POST', '/api/triggers/ticker/nope');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toEqual({ code: 'TRIGGER_NOT_FOUND', message: 'function ticker has no timer trigger nope in its config.json' });
    const invalid = await api(emulator, 'POST', '/api/triggers/badTimer/badSecond');
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatchObject({ code: 'INVALID_TRIGGER', message: expect.stringContaining('badTimer/badSecond') });
    expect((await api(emulator, 'POST', '/api/triggers/noSuchFunction/t')).json.error.code).toBe('TRIGGER_NOT_FOUND');
  });
});
