/**
 * The preview's web server, on loopback: the phone page and its bundles
 * (build/preview), the mini-program's own images (build/miniprogram, under
 * /mp/), the preview's settings, and storage for the phone through the SDK:
 * `/cloud-file?id=cloud://...` redirects to a fresh temp URL (what
 * `<image src="cloud://...">` does on a phone), temp URLs and uploads.
 */
import { knownExtension } from '../lib/mime';
import { readBody, readJson, sendJson, sendNotFound, sendStatic, startHttpServer, type HttpServer, type Route } from '../lib/http';
import { MINIPROGRAM_OUT } from '../lib/paths';
import type { UserRole } from '../typings/entities';
import { PREVIEW_OUT } from './build';
import type { PreviewSdk } from './sdk';

export interface PreviewLearner {
  openid: string;
  name: string;
  role: UserRole;
}

export interface PreviewServerOptions {
  port: number;
  host?: string;
  emulatorUrl: string;
  envId: string;
  learners: PreviewLearner[];
  sdk: PreviewSdk;
}

/** `url` ends with `/`: the phone page. */
export type PreviewServer = HttpServer;

/** The mini-program's own files the page may load: images and such, not its code. */
const mpAsset = (ext: string) => knownExtension(ext) && ext !== '.js' && ext !== '.json';

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { sdk } = options;

  async function tempUrls(fileList: string[]) {
    const { fileList: urls } = await sdk.getTempFileURL({ fileList });
    return urls;
  }

  const file = (name: string): Route['handle'] => async (req, res, _params, url) => {
    if (!(await sendStatic(res, PREVIEW_OUT, name))) sendNotFound(req, res, url);
  };
  const routes: Route[] = [
    { method: 'GET', pattern: '/', handle: file('index.html') },
    { method: 'GET', pattern: '/index.html', handle: file('index.html') },
    // what a browser asks for when a page names no icon (and some do anyway): the SVG the page names
    { method: 'GET', pattern: '/favicon.ico', handle: file('favicon.svg') },
    {
      method: 'GET',
      pattern: '/preview/config.json',
      handle(_req, res) {
        sendJson(res, 200, { emulatorUrl: options.emulatorUrl, envId: options.envId, learners: options.learners });
      },
    },
    {
      method: 'GET',
      pattern: '/cloud-file',
      async handle(_req, res, _params, url) {
        const [file] = await tempUrls([url.searchParams.get('id') ?? '']);
        if (!file?.tempFileURL) {
          sendJson(res, 404, { error: { code: 'STORAGE_FILE_NONEXIST', message: file?.errMsg ?? 'file not exist' } });
          return;
        }
        res.writeHead(302, { location: file.tempFileURL, 'cache-control': 'no-store' });
        res.end();
      },
    },
    {
      method: 'POST',
      pattern: '/cloud/temp-urls',
      async handle(req, res) {
        const body = await readJson(req);
        const list = Array.isArray(body.fileList) ? body.fileList.filter((f): f is string => typeof f === 'string') : [];
        sendJson(res, 200, { fileList: await tempUrls(list) });
      },
    },
    {
      method: 'POST',
      pattern: '/cloud/upload',
      async handle(req, res, _params, url) {
        const cloudPath = url.searchParams.get('cloudPath') ?? '';
        const { fileID } = await sdk.uploadFile({ cloudPath, fileContent: await readBody(req) });
        sendJson(res, 200, { fileID });
      },
    },
    {
      method: 'GET',
      pattern: /^\/mp\//,
      async handle(req, res, _params, url) {
        if (!(await sendStatic(res, MINIPROGRAM_OUT, url.pathname.slice(4), mpAsset))) sendNotFound(req, res, url);
      },
    },
  ];

  const server = await startHttpServer({
    name: 'preview',
    routes,
    port: options.port,
    host: options.host,
    // the page's bundles, styles and fonts (build/preview)
    async fallback(req, res, url) {
      if (req.method === 'GET' && (await sendStatic(res, PREVIEW_OUT, url.pathname.slice(1)))) return;
      sendNotFound(req, res, url);
    },
  });
  return { ...server, url: `${server.url}/` };
}
