/** JSON in and out for the emulator's HTTP routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorError } from './errors';

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
        reject(new EmulatorError('EXCEED_REQUEST_SIZE_LIMIT', `request body above ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // a client that hung up: nothing to answer, nothing to log
    req.on('error', () => reject(new EmulatorError('REQUEST_ABORTED', 'the client closed the request')));
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
  throw new EmulatorError('INVALID_PARAM', 'the body is not a JSON object');
}
