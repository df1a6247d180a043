/**
 * WeChat's content security check (内容安全, `security.msgSecCheck` v2) of
 * text a learner wrote, before anyone else may see it. A function calling it
 * grants `"permissions": {"openapi": ["security.msgSecCheck"]}` in its
 * config.json. WeChat needs the writer's openid (they must have opened the
 * mini-program in the last two hours, which a learner calling a function has).
 *
 * The verdict: `pass` may be published, `review` waits for an operator,
 * `risky` is refused. `unchecked` means the check itself failed (an errcode,
 * a timeout): treat it as `review`, never as `pass`, and never lose the text.
 */
import { cloud } from './cloud';

export type ContentVerdict = 'pass' | 'review' | 'risky' | 'unchecked';

/** scene 场景值: 1 资料, 2 评论, 3 论坛, 4 社交日志 */
export type ContentScene = 1 | 2 | 3 | 4;

/** WeChat checks at most this many characters a call. */
export const MAX_CHECKED_CHARS = 2500;

interface MsgSecCheckRequest {
  content: string;
  version: 2;
  scene: ContentScene;
  openid: string;
}

/** The SDK's answer, camel-cased; it throws on a non-zero errcode. */
interface MsgSecCheckAnswer {
  errCode?: number;
  result?: { suggest?: string; label?: number };
}

/** wx-server-sdk types `cloud.openapi` as any: this is the call we make. */
const security = () => (cloud.openapi as { security: { msgSecCheck(request: MsgSecCheckRequest): Promise<MsgSecCheckAnswer> } }).security;

const VERDICTS: ReadonlySet<string> = new Set(['pass', 'review', 'risky']);

async function checkOnce(content: string, openid: string, scene: ContentScene): Promise<ContentVerdict> {
  try {
    const answer = await security().msgSecCheck({ content, version: 2, scene, openid });
    const suggest = answer?.result?.suggest;
    if ((answer?.errCode ?? 0) === 0 && typeof suggest === 'string' && VERDICTS.has(suggest)) return suggest as ContentVerdict;
    console.warn('msgSecCheck answered without a verdict', openid, JSON.stringify(answer));
    return 'unchecked';
  } catch (error) {
    console.warn('msgSecCheck failed, the text is held for review', openid, error);
    return 'unchecked';
  }
}

/** The worst of several verdicts comes first. */
const SEVERITY: readonly ContentVerdict[] = ['risky', 'unchecked', 'review', 'pass'];

/**
 * WeChat's verdict on `content` written by `openid`; `unchecked` if the check
 * could not be made. A text longer than one call checks in parts, the worst
 * part's verdict. Never throws.
 */
export async function checkText(content: string, openid: string, scene: ContentScene = 2): Promise<ContentVerdict> {
  const chars = Array.from(content);
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += MAX_CHECKED_CHARS) parts.push(chars.slice(i, i + MAX_CHECKED_CHARS).join(''));
  const verdicts = await Promise.all((parts.length ? parts : ['']).map((part) => checkOnce(part, openid, scene)));
  return SEVERITY.find((v) => verdicts.includes(v)) ?? 'unchecked';
}
