/* eslint-disable @typescript-eslint/no-explicit-any -- captured requests and answers, read field by field */
/**
 * Replays the requests wx-server-sdk 4.0.2 was seen to send (storage,
 * functions, pay, openapi: emulator/fixtures/wx-server-sdk-4.0.2) and checks
 * that each answer has at least the shape the SDK was seen to accept.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../lib/paths';
import { bundleFixtures } from './functions/fixtures/bundle';
import { startEmulator, type Emulator } from './index';

/** captured once from the real SDK and kept with the emulator (see its README) */
const CAPTURED = path.join(ROOT, 'emulator/fixtures/wx-server-sdk-4.0.2/requests.jsonl');

interface Captured {
  source: string;
  method: string;
  url: string;
  ct?: string;
  headers?: Record<string, string>;
  body: any;
  response: any;
}

function loadCaptured(): Captured[] {
  return readFileSync(CAPTURED, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Captured)
    .filter((r) => {
      const action = typeof r.body === 'object' ? r.body.action : /name="action"\r\n\r\n([^\r]+)/.exec(String(r.body))?.[1];
      return !String(action ?? '').startsWith('database.') && !(r.method === 'POST' && r.url.startsWith('/admin') && action === undefined);
    });
}

const openapiRoot = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: { fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: { fields: { apiType: { type: 'int32', id: 1 }, openapiData: { type: 'OpenApiData', id: 2 }, appid: { type: 'string', id: 6 } } },
    CommOpenApiResp: { fields: { respData: { type: 'bytes', id: 1 }, contentType: { type: 'string', id: 2 }, errorCode: { type: 'int32', id: 3 } } },
  },
});

/** A multipart body as the SDK's form-data builds it: every value a field, binary ones as bytes. */
function formOf(fields: Record<string, string | Buffer>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, typeof value === 'string' ? value : new Blob([new Uint8Array(value)]));
  return form;
}

function multipartOf(captured: Captured): FormData {
  const { body } = captured;
  if (body.action === 'wx.openApi') {
    const { decodedRequest } = body;
    const pairs = Object.entries(decodedRequest.params as Record<string, unknown>).map(([key, value]) => ({ key, value: Buffer.from(JSON.stringify(value)) }));
    const CommApiData = openapiRoot.lookupType('CommApiData');
    const requestData = Buffer.from(CommApiData.encode(CommApiData.create({ apiType: decodedRequest.apiType, openapiData: { pairs }, appid: decodedRequest.appid })).finish());
    return formOf({ action: body.action, apiName: body.apiName, requestData, envName: 'local-dev', wxCloudApiToken: '' });
  }
  return formOf({ action: body.action, apiName: body.apiName, apiOptions: Buffer.alloc(0), requestData: Buffer.from(JSON.stringify(body.requestData)), envName: 'local-dev', wxCloudApiToken: '' });
}

/** The keys the SDK was seen to accept are all there (values may differ: the capture's server was a stub). */
function expectKeysOf(expected: Record<string, unknown>, actual: Record<string, unknown>): void {
  for (const key of Object.keys(expected)) expect(actual, `missing ${key}`).toHaveProperty(key);
}

let emulator: Emulator;
const replayed: { captured: Captured; status: number; contentType: string; answer: any }[] = [];

beforeAll(async () => {
  const functionsDir = await bundleFixtures(['whoami']);
  emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-replay-')), functionsDir });
  // Replayed in order: the PUT and GET go to the URLs this emulator handed out.
  let uploadUrl = '';
  let downloadUrl = '';
  for (const captured of loadCaptured()) {
    let res: Response;
    const adminUrl = `${emulator.url}${captured.url}`;
    if (captured.method === 'PUT') {
      res = await fetch(uploadUrl, { method: 'PUT', body: 'hello' });
    } else if (captured.method === 'GET') {
      res = await fetch(downloadUrl);
    } else if (typeof captured.body === 'string') {
      // sent byte for byte, with the SDK's own boundary
      res = await fetch(adminUrl, { method: 'POST', headers: { 'content-type': captured.headers!['content-type'] }, body: captured.body });
    } else if (captured.ct?.startsWith('multipart/')) {
      res = await fetch(adminUrl, { method: 'POST', body: multipartOf(captured) });
    } else {
      res = await fetch(adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(captured.body) });
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    let answer: any = bytes;
    if (contentType.startsWith('application/json')) answer = bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined;
    if (contentType === 'application/octet-stream') {
      const CommOpenApiResp = openapiRoot.lookupType('CommOpenApiResp');
      const decoded = CommOpenApiResp.toObject(CommOpenApiResp.decode(bytes)) as { respData: Uint8Array };
      answer = { ...decoded, respData: JSON.parse(Buffer.from(decoded.respData).toString('utf8')) };
    }
    if (captured.body?.action === 'storage.getUploadMetadata') uploadUrl = answer.data.url;
    if (captured.body?.action === 'storage.batchGetDownloadUrl') downloadUrl = answer.data.download_list[0].tempFileURL;
    replayed.push({ captured, status: res.status, contentType, answer });
  }
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe('replaying the captured SDK requests', () => {
  it('replays every non-database request', () => {
    expect(replayed.length).toBe(19);
    for (const { status } of replayed) expect(status).toBe(200);
  });

  it('answers storage and functions in the JSON envelope the SDK accepted', () => {
    const json = replayed.filter((r) => r.captured.body?.action?.startsWith?.('storage.') || r.captured.body?.action === 'functions.invokeFunction');
    expect(json.length).toBe(6);
    for (const { captured, answer, contentType } of json) {
      expect(contentType).toBe('application/json; charset=utf-8');
      expect(answer.requestId).toEqual(expect.any(String));
      expectKeysOf(captured.response.data, answer.data);
      for (const list of ['download_list', 'delete_list']) {
        if (captured.response.data[list]) expectKeysOf(captured.response.data[list][0], answer.data[list][0]);
      }
    }
    const download = replayed.find((r) => r.captured.method === 'GET')!;
    expect(download.answer.toString()).toBe('hello');
    const whoami = replayed.filter((r) => r.captured.body?.action === 'functions.invokeFunction');
    expect(JSON.parse(whoami[0].answer.data.response_data).event).toEqual({ a: 1 });
  });

  it('answers wx.wxPayApi as raw JSON in WeChat Pay fields, never with the content type the SDK mis-parses', () => {
    const pay = replayed.filter((r) => r.captured.body?.action === 'wx.wxPayApi' || (r.captured.method === 'POST' && typeof r.captured.body === 'string'));
    expect(pay.length).toBe(8);
    for (const { captured, answer, contentType } of pay) {
      expect(contentType).toBe('application/json');
      const fields = answer;
      expect(['SUCCESS', 'FAIL']).toContain(fields.return_code);
      if (fields.result_code === 'SUCCESS' && typeof captured.response.return_code === 'string') expectKeysOf(captured.response, fields);
      if (fields.result_code === 'FAIL') expect(fields).toMatchObject({ err_code: expect.any(String), err_code_des: expect.any(String) });
    }
    const unified = pay.find((r) => r.captured.body?.requestData?.out_trade_no === 'T1001')!;
    expect(unified.answer).toMatchObject({ result_code: 'SUCCESS', payment: { package: expect.stringMatching(/^prepay_id=/) } });
  });

  it('answers wx.openApi with a CommOpenApiResp the SDK decodes', () => {
    const openapi = replayed.filter((r) => r.captured.body?.action === 'wx.openApi');
    expect(openapi.length).toBe(3);
    for (const { answer } of openapi) {
      expect(answer.contentType).toBe('application/json');
      expect(answer.respData).toMatchObject({ errcode: 0, errmsg: 'ok' });
    }
    expect(emulator.openapi.messages().map((m) => m.params.touser)).toEqual(['o_u1', 'o_bundle', 'o_bundle']);
  });
});
