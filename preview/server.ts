/**
 * The preview's web server, on loopback: the phone page and its bundles
 * (build/preview), the mini-program's own images (build/miniprogram, under
 * /mp/), the preview's settings, and storage for the phone through the SDK:
 * `/cloud-file?id=cloud://...` redirects to a fresh temp URL (what
 * `<image src="cloud://...">` does on a phone), temp URLs and uploads.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readBody, readJson, sendJson } from '../emulator/http';
import { MINIPROGRAM_OUT } from '../lib/paths';
import { PREVIEW_OUT } from './build';
import type { PreviewSdk } from './sdk';

export interface PreviewLearner {
  openid: string;
  name: string;
  role: 'learner' | 'operator';
}

export interface PreviewServerOptions {
  port: number;
  host?: string;
  emulatorUrl: string;
  envId: string;
  learners: PreviewLearner[];
  sdk: PreviewSdk;
}

export interface PreviewServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  // the icon font (preview/icon-font.ts)
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** A file under `root`, never outside it. */
async function sendFile(res: ServerResponse, root: string, relative: string, allowed: (ext: string) => boolean): Promise<boolean> {
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  const ext = path.extname(file).toLowerCase();
  if (!file.startsWith(root + path.sep) || !allowed(ext)) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
  return true;
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { sdk } = options;

  async function tempUrls(fileList: string[]) {
    const { fileList: urls } = await sdk.getTempFileURL({ fileList });
    return urls;
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /' || route === 'GET /index.html') {
      await sendFile(res, PREVIEW_OUT, 'index.html', () => true);
      return;
    }
    // what a browser asks for when a page names no icon (and some do anyway): the SVG the page names
    if (route === 'GET /favicon.ico') {
      await sendFile(res, PREVIEW_OUT, 'favicon.svg', () => true);
      return;
    }
    if (route === 'GET /preview/config.json') {
      sendJson(res, 200, { emulatorUrl: options.emulatorUrl, envId: options.envId, learners: options.learners });
      return;
    }
    if (route === 'GET /cloud-file') {
      const [file] = await tempUrls([url.searchParams.get('id') ?? '']);
      if (!file?.tempFileURL) {
        sendJson(res, 404, { error: { code: 'STORAGE_FILE_NONEXIST', message: file?.errMsg ?? 'file not exist' } });
        return;
      }
      res.writeHead(302, { location: file.tempFileURL, 'cache-control': 'no-store' });
      res.end();
      return;
    }
    if (route === 'POST /cloud/temp-urls') {
      const body = await readJson(req);
      const list = Array.isArray(body.fileList) ? body.fileList.filter((f): f is string => typeof f === 'string') : [];
      sendJson(res, 200, { fileList: await tempUrls(list) });
      return;
    }
    if (route === 'POST /cloud/upload') {
      const cloudPath = url.searchParams.get('cloudPath') ?? '';
      const { fileID } = await sdk.uploadFile({ cloudPath, fileContent: await readBody(req) });
      sendJson(res, 200, { fileID });
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/mp/')) {
      if (await sendFile(res, MINIPROGRAM_OUT, url.pathname.slice(4), (ext) => ext in TYPES && ext !== '.js' && ext !== '.json')) return;
    } else if (req.method === 'GET' && (await sendFile(res, PREVIEW_OUT, url.pathname.slice(1), () => true))) {
      return;
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no ${route}` } });
  }

  const server = http.createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      console.error('[preview] request failed', req.url, error);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
      else res.end();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
