/**
 * Cloud calls to WeChat's open API (`wx.openApi`, protobuf over multipart):
 * recorded, not sent. subscribeMessage.send is checked as WeChat checks its
 * arguments; every recorded message shows at GET /api/messages. A learner
 * marked at POST /api/messages/refusals has not agreed to any template, and
 * WeChat answers 43101 to messages for them.
 *
 * security.msgSecCheck (v2) is answered as WeChat does, `result: {suggest,
 * label}` and `detail`, deciding by word lists a test or a person sets at
 * POST /api/openapi/security: a text with a `risky` word is risky, with a
 * `review` word needs review, with a `failing` word makes the check itself
 * fail (errcode -1, system busy); anything else passes. Recorded like messages.
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
  answer: { errcode: number; errmsg: string; msgid?: number; [field: string]: unknown };
}

/** The words msgSecCheck decides by: found in a text, the first list that has one decides. */
export interface SecurityWords {
  risky: string[];
  review: string[];
  /** the check itself fails (errcode -1) */
  failing: string[];
}

export interface OpenApiModule extends EmulatorModule {
  messages(): readonly RecordedMessage[];
  /** from now on the learner has not agreed to any subscribe message: WeChat answers 43101 */
  refuse(openid: string): void;
  /** replaces the lists given; the others stay */
  setSecurityWords(words: Partial<SecurityWords>): SecurityWords;
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

/** msgSecCheck's label for a keyword hit: 21000 其他 (WeChat's own categories are 10001 广告, 20001 时政, ...) */
const KEYWORD_LABEL = 21000;
const PASS_LABEL = 100;

/** WeChat's answer to security.msgSecCheck v2, its argument checks first. */
function answerMsgSecCheck(params: Record<string, unknown>, words: SecurityWords, traceId: string): RecordedMessage['answer'] {
  if (params.version !== 2) return { errcode: 47001, errmsg: 'data format error: version must be 2' };
  if (typeof params.openid !== 'string' || !params.openid) return { errcode: 40003, errmsg: 'invalid openid' };
  if (![1, 2, 3, 4].includes(params.scene as number)) return { errcode: 47001, errmsg: 'data format error: invalid scene' };
  if (typeof params.content !== 'string') return { errcode: 47001, errmsg: 'data format error: content' };
  if (Array.from(params.content).length > 2500) return { errcode: 47001, errmsg: 'data format error: content longer than 2500' };
  const content = params.content;
  const hit = (list: string[]) => list.find((word) => word && content.includes(word));
  if (hit(words.failing)) return { errcode: -1, errmsg: 'system error' };
  const risky = hit(words.risky);
  const review = risky ? undefined : hit(words.review);
  const keyword = risky ?? review;
  const suggest = risky ? 'risky' : review ? 'review' : 'pass';
  const label = keyword ? KEYWORD_LABEL : PASS_LABEL;
  const detail: Record<string, unknown>[] = [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: PASS_LABEL, prob: 0 }];
  if (keyword) detail.push({ strategy: 'keyword', errcode: 0, suggest, label, level: risky ? 90 : 50, keyword });
  return { errcode: 0, errmsg: 'ok', result: { suggest, label }, detail, trace_id: traceId };
}

const wordList = (value: unknown, name: string): string[] => {
  if (!Array.isArray(value) || !value.every((w) => typeof w === 'string')) throw new EmulatorError('INVALID_PARAM', `${name} must be a list of words`);
  return value.filter((w) => w.length > 0);
};

export function openApiModule(runner: FunctionRunner): OpenApiModule {
  const recorded: RecordedMessage[] = [];
  const refusing = new Set<string>();
  const words: SecurityWords = { risky: [], review: [], failing: [] };
  const setSecurityWords = (given: Partial<SecurityWords>): SecurityWords => {
    for (const key of ['risky', 'review', 'failing'] as const) if (given[key] !== undefined) words[key] = wordList(given[key], key);
    return { ...words };
  };
  const answerOf = (apiName: string, params: Record<string, unknown>, id: number): RecordedMessage['answer'] => {
    if (apiName === 'subscribeMessage.send') return answerSubscribeMessage(params, 100000 + id, refusing);
    if (apiName === 'security.msgSecCheck') return answerMsgSecCheck(params, words, `emu-trace-${id}`);
    return { errcode: 0, errmsg: 'ok' };
  };
  return {
    messages: () => recorded,
    refuse: (openid) => void refusing.add(openid),
    setSecurityWords,
    actions: {
      'wx.openApi': async (request) => {
        const apiName = typeof request.body.apiName === 'string' ? request.body.apiName : '';
        if (!apiName) throw new EmulatorError('INVALID_PARAM', 'apiName is required');
        const params = decodeParams(request.parts.requestData ?? Buffer.alloc(0));
        const id = recorded.length + 1;
        const answer = answerOf(apiName, params, id);
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
      {
        method: 'GET',
        pattern: /^\/api\/openapi\/security$/,
        handle(_req, res) {
          sendJson(res, 200, { ...words });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/openapi\/security$/,
        async handle(req, res) {
          sendJson(res, 200, setSecurityWords((await readJson(req)) as Partial<SecurityWords>));
        },
      },
    ],
  };
}
