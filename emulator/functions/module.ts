/**
 * Functions as the emulator's module: `functions.invokeFunction` for a
 * function calling another (SOURCE gains `,scf`, the caller's identity goes
 * along), `POST /api/functions/<name>` for a mini-program's call (SOURCE
 * `wx_client`), `GET /api/calls` for the log of invocations, and the
 * timer triggers: `GET /api/triggers`, `POST /api/triggers/<name>/<trigger>`.
 */
import { EmulatorError } from '../errors';
import { readJson, sendJson } from '../http';
import type { CallerIdentity, EmulatorModule } from '../types';
import { toClientError, toSdkError } from './outcome';
import type { FunctionRunner } from './runner';
import type { TimerTriggers } from './triggers';

export function functionsModule(runner: FunctionRunner, options: { appId: string; triggers: TimerTriggers }): EmulatorModule {
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
