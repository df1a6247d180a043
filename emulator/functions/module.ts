/**
 * Functions as the emulator's module: `functions.invokeFunction` for a
 * function calling another (SOURCE gains `,scf`, the caller's identity goes
 * along), `POST /api/functions/<name>` for a mini-program's call (SOURCE
 * `wx_client`), and `GET /api/calls` for the log of invocations.
 */
import { EmulatorError } from '../errors';
import { readJson, sendJson } from '../http';
import type { CallerIdentity, EmulatorModule } from '../types';
import { toClientError, toSdkError } from './outcome';
import type { FunctionRunner } from './runner';

export function functionsModule(runner: FunctionRunner, defaults: { appId: string }): EmulatorModule {
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
          : { openid: '', appid: defaults.appId, unionid: '', source: 'scf' };
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
            appid: typeof body.appid === 'string' ? body.appid : defaults.appId,
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
    ],
  };
}
