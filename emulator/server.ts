/**
 * The emulator's HTTP server: POST /admin answers the SDK's actions (JSON or
 * multipart), every other path goes to the modules' own routes. Whatever a
 * request holds, the answer is an SDK-shaped error at worst, never a crash.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { CodedError, MAX_BODY_BYTES, readJson, sendJson, startHttpServer, type HttpServer, type Route } from '../lib/http';
import { EmulatorError } from './errors';
import { RawAnswer, type ActionHandler, type AdminRequest, type EmulatorModule } from './types';

export type EmulatorServer = HttpServer;

let requestCounter = 0;
export function newRequestId(): string {
  requestCounter += 1;
  return `emu-${Date.now().toString(36)}-${requestCounter}`;
}

interface ParsedForm {
  body: Record<string, unknown>;
  parts: Record<string, Buffer>;
}

/**
 * The SDK posts protobuf and JSON bytes as form fields without a filename, so
 * busboy reports them as text: decoding them as latin1 keeps every byte, and
 * the text value is then read back as UTF-8.
 */
function readMultipart(req: IncomingMessage): Promise<ParsedForm> {
  return new Promise((resolve, reject) => {
    const form: ParsedForm = { body: {}, parts: {} };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defCharset: 'latin1',
        limits: { fieldSize: MAX_BODY_BYTES, fileSize: MAX_BODY_BYTES, fields: 100, files: 20 },
      });
    } catch (error) {
      reject(new EmulatorError('INVALID_PARAM', `malformed multipart request: ${(error as Error).message}`));
      return;
    }
    parser.on('field', (name, value) => {
      const bytes = Buffer.from(value, 'latin1');
      form.parts[name] = bytes;
      form.body[name] = bytes.toString('utf8');
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        form.parts[name] = Buffer.concat(chunks);
      });
    });
    parser.on('close', () => resolve(form));
    parser.on('error', (error: Error) => reject(new EmulatorError('INVALID_PARAM', `malformed multipart request: ${error.message}`)));
    req.on('error', () => reject(new EmulatorError('REQUEST_ABORTED', 'the client closed the request')));
    req.pipe(parser);
  });
}

async function parseAdminRequest(req: IncomingMessage, url: URL): Promise<AdminRequest> {
  const contentType = String(req.headers['content-type'] ?? '');
  const form: ParsedForm = contentType.startsWith('multipart/form-data')
    ? await readMultipart(req)
    : { body: await readJson(req), parts: {} };
  const action = form.body.action;
  if (typeof action !== 'string' || action === '') throw new EmulatorError('INVALID_PARAM', 'missing action');
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    action,
    body: form.body,
    parts: form.parts,
    token: str(form.body.wxCloudApiToken),
    envName: str(form.body.envName) || url.searchParams.get('env') || '',
  };
}

function errorBody(error: unknown, requestId: string): { code: string; message: string; requestId: string } {
  if (error instanceof CodedError) return { code: error.code, message: error.message, requestId };
  console.error('[emulator] unexpected error', error);
  return { code: 'SYS_ERR', message: error instanceof Error ? error.message : String(error), requestId };
}

/** Every answer may be read from the preview's page; a preflight is answered here. */
function allowCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
  res.setHeader('access-control-allow-headers', 'content-type, authorization');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204);
  res.end();
  return true;
}

export async function startServer(modules: EmulatorModule[], options: { port?: number; host?: string } = {}): Promise<EmulatorServer> {
  const actions = new Map<string, ActionHandler>();
  const routes: Route[] = [];
  for (const module of modules) {
    for (const [name, handler] of Object.entries(module.actions ?? {})) actions.set(name, handler);
    routes.push(...(module.routes ?? []));
  }

  async function answerAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = newRequestId();
    try {
      const request = await parseAdminRequest(req, url);
      const handler = actions.get(request.action);
      if (!handler) throw new EmulatorError('INVALID_ACTION', `action ${request.action} is not supported by the emulator`);
      const answer = await handler(request);
      if (answer instanceof RawAnswer) {
        res.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length, 'x-request-id': requestId });
        res.end(answer.body);
        return;
      }
      sendJson(res, 200, { requestId, ...((answer ?? {}) as object) });
    } catch (error) {
      sendJson(res, 200, errorBody(error, requestId));
    }
  }

  const admin: Route = { method: 'POST', pattern: '/admin', handle: (req, res, _params, url) => answerAdmin(req, res, url) };
  return startHttpServer({ name: 'emulator', routes: [admin, ...routes], port: options.port, host: options.host, before: allowCors, internalCode: 'SYS_ERR' });
}
