import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSdk, type Sdk } from '../../test/cloud/sdk';
import { startEmulator, type Emulator } from '../index';

let emulator: Emulator;
let sdk: Sdk;

beforeAll(async () => {
  emulator = await startEmulator({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'emu-storage-')), functionsDir: os.tmpdir() });
  sdk = useSdk(emulator.sdkEnv());
});

afterAll(async () => {
  await emulator?.close();
});

describe('storage through the real SDK', () => {
  it('uploads, hands out a temp URL serving the bytes with their type, and deletes', async () => {
    const content = Buffer.from('第一课：你好，云开发');
    const { fileID } = await sdk.uploadFile({ cloudPath: 'lessons/c1/第一课.txt', fileContent: content });
    expect(fileID).toBe(`cloud://${emulator.envId}.${emulator.storage.files.bucket}/lessons/c1/第一课.txt`);

    const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }, 'cloud://local-dev.x/none.txt'] });
    expect(fileList[0]).toMatchObject({ fileID, status: 0, errMsg: 'ok', maxAge: 600 });
    expect(fileList[0].tempFileURL).not.toContain('%');
    expect(fileList[1]).toMatchObject({ fileID: 'cloud://local-dev.x/none.txt', status: -503003, tempFileURL: '' });

    const res = await fetch(fileList[0].tempFileURL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(content);

    const downloaded = await sdk.downloadFile({ fileID });
    expect(downloaded.fileContent).toEqual(content);

    const deleted = await sdk.deleteFile({ fileList: [fileID, fileID] });
    expect(deleted.fileList[0]).toMatchObject({ fileID, status: 0 });
    expect(deleted.fileList[1]).toMatchObject({ fileID, status: -503003 });
    expect((await fetch(fileList[0].tempFileURL)).status).toBe(404);
  });

  it('lets a temp URL expire after its max_age, and refuses a forged one', async () => {
    const { fileID } = await sdk.uploadFile({ cloudPath: 'covers/a.png', fileContent: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID, maxAge: 1 }] });
    const url = fileList[0].tempFileURL;
    const ok = await fetch(url);
    expect(ok.headers.get('content-type')).toBe('image/png');
    const forged = url.replace(/t=(\d+)/, (_m, t: string) => `t=${Number(t) + 3600}`);
    expect((await fetch(forged)).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  it('refuses an upload URL that was not handed out, and paths that leave the bucket', async () => {
    const key = Buffer.from('evil.txt').toString('base64url');
    const put = await fetch(`${emulator.url}/cos/${key}?sign=00&t=9999999999`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(403);
    await expect(sdk.uploadFile({ cloudPath: '../../etc/passwd', fileContent: Buffer.from('x') })).rejects.toBeTruthy();
  });

  it('lists stored files', async () => {
    const res = await fetch(`${emulator.url}/api/storage`);
    const { files } = (await res.json()) as { files: { fileID: string; size: number }[] };
    expect(files.map((f) => f.fileID)).toContain(`cloud://${emulator.envId}.${emulator.storage.files.bucket}/covers/a.png`);
  });
});
