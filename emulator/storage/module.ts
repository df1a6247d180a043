/**
 * Cloud storage as the emulator's module: the SDK's storage actions, and the
 * COS-like URLs they hand out (`/cos/<file>?sign=..&t=..`), which the emulator
 * serves itself. Each URL is signed for one method until a time, so a temp
 * URL really expires. Base64url and hex only: downloadFile runs encodeURI on
 * the URL, so there must be no `%` in it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { EmulatorError, STORAGE_FILE_NONEXIST } from '../errors';
import { readBody, sendFile, sendJson } from '../../lib/http';
import type { EmulatorModule } from '../types';
import { checkedCloudPath, FileStore } from './files';

/** What a temp URL lasts when the caller gives no max_age: two hours. */
export const DEFAULT_MAX_AGE_SECONDS = 7200;
/** How long the upload URL from getUploadMetadata may be used. */
const UPLOAD_URL_SECONDS = 600;

export interface StorageModule extends EmulatorModule {
  readonly files: FileStore;
}

export function storageModule(options: { dataDir: string; envId: string; baseUrl(): string; now?: () => number }): StorageModule {
  const files = new FileStore(options.dataDir, options.envId);
  const secret = randomBytes(32);
  const now = options.now ?? (() => Date.now());

  const sign = (method: 'get' | 'put', cloudPath: string, expiresAt: number) =>
    createHmac('sha256', secret).update(`${method}\n${cloudPath}\n${expiresAt}`).digest('hex');

  const signedUrl = (method: 'get' | 'put', cloudPath: string, seconds: number) => {
    const expiresAt = Math.floor(now() / 1000) + seconds;
    const key = Buffer.from(cloudPath).toString('base64url');
    return `${options.baseUrl()}/cos/${key}?sign=${sign(method, cloudPath, expiresAt)}&t=${expiresAt}`;
  };

  /** The cloud path a /cos URL names, once its signature and time are checked; else the COS error to answer. */
  const verify = (method: 'get' | 'put', key: string, search: URLSearchParams): { cloudPath: string } | { status: number; code: string; message: string } => {
    const cloudPath = checkedCloudPath(Buffer.from(key, 'base64url').toString('utf8'));
    if (!cloudPath) return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
    const expiresAt = Number(search.get('t'));
    const given = Buffer.from(search.get('sign') ?? '');
    const expected = Buffer.from(sign(method, cloudPath, expiresAt));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { status: 403, code: 'SignatureDoesNotMatch', message: 'The Signature you specified is invalid.' };
    }
    if (expiresAt * 1000 < now()) return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
    return { cloudPath };
  };

  return {
    files,
    actions: {
      'storage.getUploadMetadata': async (request) => {
        const cloudPath = checkedCloudPath(typeof request.body.path === 'string' ? request.body.path : '');
        if (!cloudPath) throw new EmulatorError('INVALID_PARAM', 'path must be a relative path in the bucket');
        return {
          data: {
            url: signedUrl('put', cloudPath, UPLOAD_URL_SECONDS),
            token: randomBytes(16).toString('hex'),
            authorization: `q-sign-algorithm=sha1&q-ak=emulator&q-sign-time=${Math.floor(now() / 1000)}`,
            fileId: files.fileIdOf(cloudPath),
            cosFileId: `cos-${randomBytes(12).toString('hex')}`,
          },
        };
      },
      'storage.batchGetDownloadUrl': async (request) => {
        const list = request.body.file_list;
        if (!Array.isArray(list)) throw new EmulatorError('INVALID_PARAM', 'file_list must be a list');
        return {
          data: {
            download_list: list.map((item: { fileid?: unknown; max_age?: unknown }) => {
              const fileID = typeof item?.fileid === 'string' ? item.fileid : '';
              const maxAge = typeof item?.max_age === 'number' && item.max_age > 0 ? item.max_age : undefined;
              const cloudPath = files.cloudPathOf(fileID);
              if (!cloudPath || !files.exists(cloudPath)) {
                return { fileID, tempFileURL: '', code: STORAGE_FILE_NONEXIST, message: 'file not exist' };
              }
              return {
                fileID,
                tempFileURL: signedUrl('get', cloudPath, maxAge ?? DEFAULT_MAX_AGE_SECONDS),
                code: 'SUCCESS',
                ...(maxAge === undefined ? {} : { maxAge }),
              };
            }),
          },
        };
      },
      'storage.batchDeleteFile': async (request) => {
        const list = request.body.fileid_list;
        if (!Array.isArray(list)) throw new EmulatorError('INVALID_PARAM', 'fileid_list must be a list');
        const deleteList = [];
        for (const fileID of list) {
          const cloudPath = typeof fileID === 'string' ? files.cloudPathOf(fileID) : undefined;
          const removed = cloudPath ? await files.remove(cloudPath) : false;
          deleteList.push(removed ? { fileID, code: 'SUCCESS' } : { fileID, code: STORAGE_FILE_NONEXIST, message: 'file not exist' });
        }
        return { data: { delete_list: deleteList } };
      },
    },
    routes: [
      {
        method: 'PUT',
        pattern: /^\/cos\/(?<key>[A-Za-z0-9_-]+)$/,
        async handle(req, res, params) {
          const checked = verify('put', params.key, new URL(req.url ?? '', 'http://x').searchParams);
          if ('status' in checked) return cosError(res, checked);
          await files.write(checked.cloudPath, await readBody(req));
          res.writeHead(200, { 'content-length': 0 });
          res.end();
        },
      },
      {
        method: 'GET',
        pattern: /^\/cos\/(?<key>[A-Za-z0-9_-]+)$/,
        async handle(req, res, params) {
          const checked = verify('get', params.key, new URL(req.url ?? '', 'http://x').searchParams);
          if ('status' in checked) return cosError(res, checked);
          if (!(await sendFile(res, files.localPath(checked.cloudPath)))) {
            cosError(res, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' });
          }
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/storage$/,
        async handle(_req, res) {
          sendJson(res, 200, { files: await files.list() });
        },
      },
    ],
  };
}

/** COS answers errors in XML; the SDK's upload reads Code, Message, RequestId and TraceId from it. */
function cosError(res: ServerResponse, error: { status: number; code: string; message: string }): void {
  const id = randomBytes(8).toString('hex');
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${error.code}</Code>\n<Message>${error.message}</Message>\n<RequestId>${id}</RequestId>\n<TraceId>${id}</TraceId>\n</Error>`;
  res.writeHead(error.status, { 'content-type': 'application/xml' });
  res.end(xml);
}
