/* eslint-disable @typescript-eslint/no-explicit-any -- answers to malformed requests, read field by field */
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFixtures } from './functions/fixtures/bundle';
import { startEmulator, type Emulator } from './index';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-server-')), functionsDir: await bundleFixtures(['whoami']) });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

async function admin(body: BodyInit, contentType = 'application/json'): Promise<any> {
  const res = await fetch(`${emulator.url}/admin?env=local-dev&seqId=1`, { method: 'POST', headers: { 'content-type': contentType }, body });
  expect(res.status).toBe(200);
  return res.json();
}

const json = (value: unknown) => JSON.stringify(value);
const multipart = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};

describe('the server', () => {
  it('answers every malformed /admin request with an SDK-shaped error', async () => {
    const cases: [BodyInit, string?][] = [
      ['not json'],
      ['[1,2]'],
      [''],
      [json({})],
      [json({ action: 42 })],
      [json({ action: 'no.such.action' })],
      [json({ action: 'storage.batchGetDownloadUrl', file_list: 'x' })],
      [json({ action: 'storage.batchDeleteFile' })],
      [json({ action: 'storage.getUploadMetadata', path: '../../x' })],
      [json({ action: 'functions.invokeFunction' })],
      [json({ action: 'functions.invokeFunction', function_name: 'whoami', request_data: '{broken' })],
      [json({ action: 'functions.invokeFunction', function_name: '../../etc', request_data: '{}' })],
      [json({ action: 'database.getDocument', collectionName: 'nope', queryType: 'WHERE', query: '{' })],
      ['--x\r\ngarbage', 'multipart/form-data; boundary=x'],
      ['garbage', 'multipart/form-data'],
    ];
    for (const [body, contentType] of cases) {
      const answer = await admin(body, contentType);
      expect(answer, String(body)).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    }
    const junkList = await admin(json({ action: 'storage.batchGetDownloadUrl', file_list: [null, 3, { fileid: 7 }] }));
    expect(junkList.data.download_list.map((item: any) => item.code)).toEqual(['STORAGE_FILE_NONEXIST', 'STORAGE_FILE_NONEXIST', 'STORAGE_FILE_NONEXIST']);
    const pay = await fetch(`${emulator.url}/admin`, { method: 'POST', body: multipart({ action: 'wx.wxPayApi', apiName: 'unifiedOrder', requestData: 'not json' }) });
    expect(pay.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await pay.json()).toMatchObject({ code: 'INVALID_PARAM' });
    const openapi = await fetch(`${emulator.url}/admin`, { method: 'POST', body: multipart({ action: 'wx.openApi', apiName: 'subscribeMessage.send', requestData: '\xff\xff\xff' }) });
    expect(await openapi.json()).toMatchObject({ code: 'INVALID_PARAM' });
  });

  it('answers bad API requests with JSON errors', async () => {
    const cases: [string, string, BodyInit?][] = [
      ['POST', '/api/functions/whoami', '{broken'],
      ['POST', '/api/pay/NOPE/succeed', '{}'],
      ['POST', '/api/pay/NOPE/cancel', '{}'],
      ['GET', '/api/collections/nope'],
      ['GET', '/nowhere'],
      ['GET', '/cos/!!!'],
      ['PUT', '/cos/abc?sign=1&t=1', 'x'],
      ['GET', '/cos/abc'],
    ];
    for (const [method, route, body] of cases) {
      const res = await fetch(`${emulator.url}${route}`, { method, body });
      expect(res.status, route).toBeGreaterThanOrEqual(400);
      expect(res.status, route).toBeLessThan(500);
    }
  });

  it('survives a client that hangs up mid-request, and still serves', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(emulator.port, '127.0.0.1', () => {
        socket.write('POST /admin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"action":');
        socket.destroy();
        resolve();
      });
    });
    const res = await fetch(`${emulator.url}/api/functions/whoami`, { method: 'POST', body: json({ data: { ok: 1 }, openid: 'o1' }) });
    expect(((await res.json()) as any).result.event.ok).toBe(1);
  });

  it('allows the local browser preview to call it (CORS)', async () => {
    const preflight = await fetch(`${emulator.url}/api/functions/whoami`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});
