/**
 * Functions as the emulator's module: `functions.invokeFunction` for a
 * function calling another (SOURCE gains `,scf`, the caller's identity goes
 * along), `POST /api/functions/<name>` for a mini-program's call (SOURCE
 * `wx_client`, refused for a function whose security rule says
 * `"invoke": false`), `GET /api/calls` for the log of invocations, and the
 * timer triggers: `GET /api/triggers`, `POST /api/triggers/<name>/<trigger>`.
 */
import path from 'node:path';
import { EmulatorError } from '../errors';
import { readJson, sendJson } from '../../lib/http';
import type { CallerIdentity } from '../../typings/caller';
import type { EmulatorModule } from '../types';
import { readFunctionConfig } from './config';
import { permissionDenied, toClientError, toSdkError } from './outcome';
import type { FunctionRunner } from './runner';
import type { TimerTriggers } from './triggers';

/**
 * The SOURCEs of a client's call, the only calls a function security rule
 * governs: pay notifications, timers, the server side and functions calling
 * functions are never refused by it (wx-docs guide/functions/security-rules).
 */
const CLIENT_SOURCES = new Set(['wx_client', 'wx_devtools']);

export function functionsModule(runner: FunctionRunner, options: { appId: string; functionsDir: string; triggers: TimerTriggers }): EmulatorModule {
  /** Why the function's security rule refuses this client's call, or undefined. */
  async function refusal(name: string, identity: CallerIdentity): Promise<string | undefined> {
    if (!CLIENT_SOURCES.has(identity.source) || !/^[A-Za-z0-9_-]{1,60}$/.test(name)) return undefined;
    const { invoke } = await readFunctionConfig(path.join(options.functionsDir, name));
    if (invoke === false) return `${name} may only be invoked internally (its security rule is {"invoke": false})`;
    if (invoke === 'auth != null' && !identity.openid) return `${name} may only be invoked by a signed-in user (its security rule is {"invoke": "auth != null"})`;
    return undefined;
  }

  return {
    actions: {
      'functions.invokeFunction': async (request) => {
        const name = request.body.function_name;
        if (typeof name !== 'string' || !name) throw new EmulatorError('INVALID_PARAM', 'function_name is required');
        const raw = request.body.request_data;
        let data: unknown = {};
        if (typeof raw === 'string' && raw !== '') {
          try {
            data = JSON.parse(raw);
          } catch {
            throw new EmulatorError('INVALID_PARAM', 'request_data is not JSON');
          }
        }
        const caller = runner.identityOf(request.token);
        const identity: CallerIdentity = caller
          ? { ...caller, source: `${caller.source},scf` }
          : { openid: '', appid: options.appId, unionid: '', source: 'scf' };
        const outcome = await runner.invoke(name, data, identity);
        if (outcome.kind !== 'returned') throw toSdkError(outcome, name);
        return { data: { response_data: JSON.stringify(outcome.result) } };
      },
    },
    routes: [
      {
        method: 'POST',
        pattern: /^\/api\/functions\/(?<name>[^/]+)$/,
        async handle(req, res, params) {
          const body = await readJson(req);
          const identity: CallerIdentity = {
            openid: typeof body.openid === 'string' ? body.openid : '',
            appid: typeof body.appid === 'string' ? body.appid : options.appId,
            unionid: typeof body.unionid === 'string' ? body.unionid : '',
            source: typeof body.source === 'string' ? body.source : 'wx_client',
          };
          const refused = await refusal(params.name, identity);
          if (refused) {
            sendJson(res, 200, { error: permissionDenied(refused) });
            return;
          }
          const outcome = await runner.invoke(params.name, body.data ?? {}, identity);
          if (outcome.kind === 'returned') sendJson(res, 200, { result: outcome.result });
          else sendJson(res, 200, { error: toClientError(outcome, params.name) });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/calls$/,
        handle(_req, res) {
          sendJson(res, 200, { calls: runner.callLog() });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/triggers$/,
        handle(_req, res) {
          sendJson(res, 200, { triggers: options.triggers.list(), problems: options.triggers.problems() });
        },
      },
      {
        // fires a timer trigger now, as its schedule would; answers the function's result
        method: 'POST',
        pattern: /^\/api\/triggers\/(?<name>[^/]+)\/(?<trigger>[^/]+)$/,
        async handle(_req, res, params) {
          const { event, outcome } = await options.triggers.fire(params.name, params.trigger);
          if (outcome.kind === 'returned') sendJson(res, 200, { event, result: outcome.result });
          else sendJson(res, 200, { event, error: toClientError(outcome, params.name) });
        },
      },
    ],
  };
}
