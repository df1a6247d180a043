/**
 * The local servers' one HTTP toolkit (the emulator's and the preview's, both
 * on loopback): JSON in and out, a route table, files from disk with their
 * content type, and a server that never crashes on a request.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { contentTypeOf } from './mime';

/** A refusal with a code the answer carries (the emulator's EmulatorError is one); routes answer it 400. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** Bodies above this are refused, like the cloud's own request size limit. */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  // Exactly this content type: for wx.* actions the SDK parses an error only then.
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a whole body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new CodedError('EXCEED_REQUEST_SIZE_LIMIT', `request body above ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // a client that hung up: nothing to answer, nothing to log
    req.on('error', () => reject(new CodedError('REQUEST_ABORTED', 'the client closed the request')));
  });
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if (raw.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new CodedError('INVALID_PARAM', 'the body is not a JSON object');
}

/** Streams `file` with its content type and length; false, and nothing sent, when it is not a file. */
export async function sendFile(res: ServerResponse, file: string, headers: OutgoingHttpHeaders = {}): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, { 'content-type': contentTypeOf(file), 'content-length': info.size, ...headers });
  createReadStream(file).pipe(res);
  return true;
}

/** The file at URL path `relative` under `root`, never outside it, if `allowed` takes its extension. */
export async function sendStatic(res: ServerResponse, root: string, relative: string, allowed: (ext: string) => boolean = () => true): Promise<boolean> {
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (!file.startsWith(root + path.sep) || !allowed(path.extname(file).toLowerCase())) return false;
  return sendFile(res, file, { 'cache-control': 'no-cache' });
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** the URL's pathname exactly, or a pattern matched against it whose named groups become params */
  pattern: string | RegExp;
  handle(req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL): Promise<void> | void;
}

export function sendNotFound(req: IncomingMessage, res: ServerResponse, url: URL): void {
  sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` } });
}

export interface HttpServerOptions {
  /** in the log: `[name] request failed` */
  name: string;
  routes: Route[];
  /** 0 or absent: a free port */
  port?: number;
  host?: string;
  /** runs first on every request; true when it has answered (a CORS preflight) */
  before?(req: IncomingMessage, res: ServerResponse): boolean;
  /** when no route matches (default: 404 NOT_FOUND) */
  fallback?(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
  /** the code in the answer to an unexpected error (default INTERNAL) */
  internalCode?: string;
}

export interface HttpServer {
  /** `http://HOST:PORT` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `routes` on loopback. A route that throws a CodedError answers 400
 * with `{error: {code, message}}`, anything else is logged and answers 500.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const internalCode = options.internalCode ?? 'INTERNAL';
  const fallback = options.fallback ?? sendNotFound;

  function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof CodedError) {
      sendJson(res, 400, { error: { code: error.code, message: error.message } });
      return;
    }
    console.error(`[${options.name}] request failed`, req.method, req.url, error);
    sendJson(res, 500, { error: { code: internalCode, message: error instanceof Error ? error.message : String(error) } });
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.before?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const route of options.routes) {
      if (route.method !== req.method) continue;
      const params: Record<string, string> = {};
      if (typeof route.pattern === 'string') {
        if (route.pattern !== url.pathname) continue;
      } else {
        const match = route.pattern.exec(url.pathname);
        if (!match) continue;
        for (const [key, value] of Object.entries(match.groups ?? {})) params[key] = decodeURIComponent(value ?? '');
      }
      await route.handle(req, res, params, url);
      return;
    }
    await fallback(req, res, url);
  }

  const server = http.createServer((req, res) => {
    answer(req, res).catch((error: unknown) => failed(req, res, error));
  });
  // A client that drops its connection mid-request must not take the server down.
  server.on('clientError', (_error, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
