/**
 * For this folder's tests: a tiny stand-in for emulator/server.ts that parses
 * `POST /admin` JSON bodies and dispatches to the database's actions, and the
 * environment that points wx-server-sdk at it.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmulatorError } from '../errors';
import type { ActionHandler } from '../types';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

let requestCount = 0;

export async function startTestServer(actions: Record<string, ActionHandler>): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestId = `test-${++requestCount}`;
      const answer = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ requestId, ...(body as object) }));
      };
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          const action = String(body.action);
          const handler = actions[action];
          if (!handler) throw new EmulatorError('INVALID_PARAM', `unknown action ${action}`);
          const token = typeof body.wxCloudApiToken === 'string' ? body.wxCloudApiToken : '';
          answer(await handler({ action, body, parts: {}, token, envName: String(body.envName ?? '') }));
        } catch (error) {
          if (error instanceof EmulatorError) answer({ code: error.code, message: error.message });
          else {
            res.writeHead(500);
            res.end(String(error));
          }
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What wire-protocol.md says redirects wx-server-sdk 4, set before `cloud.init`. */
export function pointSdkAt(url: string, env = 'test-env'): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
  process.env.TENCENTCLOUD_SECRETID = 'local';
  process.env.TENCENTCLOUD_SECRETKEY = 'local';
  process.env.TENCENTCLOUD = 'true';
  process.env.SCF_NAMESPACE = env;
  process.env.TCB_ENV = env;
}

export function temporaryDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

/**
 * The SDKs' own typings overload every call with callback forms (results typed
 * `X | void | string`), so the tests drive them untyped and assert on values.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Untyped = any;

const requireCjs = createRequire(import.meta.url);

export function loadWxServerSdk(): Untyped {
  return requireCjs('wx-server-sdk');
}

export function loadTcbAdminNode(): Untyped {
  return requireCjs('tcb-admin-node');
}
