/**
 * What the content check (platform/content-security.ts, msgSecCheck v2) says
 * of a question or an answer before anyone else reads it: risky is refused
 * (CONTENT_REJECTED, nothing written); review, or a check that could not be
 * made (unchecked), holds a question for an operator (`held`).
 */
import { checkText } from '../platform/content-security';
import { fail } from '../platform/errors';

export type HeldOrPassed = 'pass' | 'review' | 'unchecked';

/** scene 3 (论坛): questions and answers are a course's forum */
const QUESTION_SCENE = 3;

export async function screenText(content: string, openid: string): Promise<HeldOrPassed> {
  const verdict = await checkText(content, openid, QUESTION_SCENE);
  if (verdict === 'risky') return fail('CONTENT_REJECTED', '内容含有违规信息，请修改后再提交');
  return verdict;
}
