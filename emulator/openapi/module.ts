/**
 * Cloud calls to WeChat's open API (`wx.openApi`, protobuf over multipart):
 * recorded, not sent. subscribeMessage.send is checked as WeChat checks its
 * arguments; every recorded message shows at GET /api/messages. A learner
 * marked at POST /api/messages/refusals has not agreed to any template, and
 * WeChat answers 43101 to messages for them.
 */
import protobuf from 'protobufjs';
import { EmulatorError } from '../errors';
import type { FunctionRunner } from '../functions/runner';
import { readJson, sendJson } from '../../lib/http';
import { RawAnswer, type EmulatorModule } from '../types';

/** The messages of wx-server-sdk's bundled src/protobuf/openapi.js, with its field numbers. */
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 }, contenttype: { type: 'string', id: 3 }, filename: { type: 'string', id: 4 } },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: { fields: { apiType: { type: 'int32', id: 1 }, openapiData: { type: 'OpenApiData', id: 2 }, appid: { type: 'string', id: 6 } } },
    CommOpenApiResp: {
      fields: { respData: { type: 'bytes', id: 1 }, contentType: { type: 'string', id: 2 }, errorCode: { type: 'int32', id: 3 }, httpCode: { type: 'uint32', id: 4 } },
    },
  },
});
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface RecordedMessage {
  id: number;
  apiName: string;
  at: string;
  /** the openid of the function invocation that sent it, '' from outside one */
  senderOpenid: string;
  params: Record<string, unknown>;
  /** WeChat's answer: errcode 0, or why it refused */
  answer: { errcode: number; errmsg: string; msgid?: number };
}

export interface OpenApiModule extends EmulatorModule {
  messages(): readonly RecordedMessage[];
  /** from now on the learner has not agreed to any subscribe message: WeChat answers 43101 */
  refuse(openid: string): void;
}

interface DecodedRequest {
  apiType?: number;
  appid?: string;
  openapiData?: { pairs?: { key: string; value: Uint8Array }[] };
}

function decodeParams(bytes: Buffer): Record<string, unknown> {
  let decoded: DecodedRequest;
  try {
    decoded = CommApiData.toObject(CommApiData.decode(bytes)) as DecodedRequest;
  } catch (error) {
    throw new EmulatorError('INVALID_PARAM', `requestData is not a CommApiData message: ${(error as Error).message}`);
  }
  const params: Record<string, unknown> = {};
  for (const pair of decoded.openapiData?.pairs ?? []) {
    const text = Buffer.from(pair.value).toString('utf8');
    try {
      params[pair.key] = JSON.parse(text);
    } catch {
      params[pair.key] = text;
    }
  }
  return params;
}

/** WeChat's own checks of subscribeMessage.send's arguments. */
function answerSubscribeMessage(params: Record<string, unknown>, msgid: number, refusing: ReadonlySet<string>): RecordedMessage['answer'] {
  if (typeof params.touser !== 'string' || !params.touser) return { errcode: 40003, errmsg: 'invalid openid' };
  if (typeof params.template_id !== 'string' || !params.template_id) return { errcode: 40037, errmsg: 'invalid template_id' };
  if (!params.data || typeof params.data !== 'object') return { errcode: 47003, errmsg: 'argument invalid! data.data is empty' };
  const state = params.miniprogram_state;
  if (state !== undefined && !['developer', 'trial', 'formal'].includes(String(state))) return { errcode: 47003, errmsg: 'argument invalid! miniprogram_state' };
  if (refusing.has(params.touser)) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
  return { errcode: 0, errmsg: 'ok', msgid };
}

export function openApiModule(runner: FunctionRunner): OpenApiModule {
  const recorded: RecordedMessage[] = [];
  const refusing = new Set<string>();
  return {
    messages: () => recorded,
    refuse: (openid) => void refusing.add(openid),
    actions: {
      'wx.openApi': async (request) => {
        const apiName = typeof request.body.apiName === 'string' ? request.body.apiName : '';
        if (!apiName) throw new EmulatorError('INVALID_PARAM', 'apiName is required');
        const params = decodeParams(request.parts.requestData ?? Buffer.alloc(0));
        const id = recorded.length + 1;
        const answer = apiName === 'subscribeMessage.send' ? answerSubscribeMessage(params, 100000 + id, refusing) : { errcode: 0, errmsg: 'ok' };
        recorded.push({ id, apiName, at: new Date().toISOString(), senderOpenid: runner.identityOf(request.token)?.openid ?? '', params, answer });
        const body = CommOpenApiResp.encode(
          CommOpenApiResp.create({ respData: Buffer.from(JSON.stringify(answer)), contentType: 'application/json', httpCode: 200 }),
        ).finish();
        return new RawAnswer(Buffer.from(body), 'application/octet-stream');
      },
    },
    routes: [
      {
        method: 'GET',
        pattern: /^\/api\/messages$/,
        handle(_req, res) {
          sendJson(res, 200, { messages: recorded });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/messages\/refusals$/,
        async handle(req, res) {
          const { openid } = await readJson(req);
          if (typeof openid !== 'string' || !openid) throw new EmulatorError('INVALID_PARAM', 'openid is required');
          refusing.add(openid);
          sendJson(res, 200, { refusing: [...refusing] });
        },
      },
    ],
  };
}
