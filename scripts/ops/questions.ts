/**
 * `questions`: paid and free questions by status, for operators; refund the
 * overdue ones now (the refundUnansweredQuestions timer's own run), or pass
 * or reject a question the content check held (through the operator
 * function moderateQuestion: a rejected paid one is refunded in full).
 */
import { questionStatus, type QuestionDoc } from '../../database-schema/questions/schema';
import { beijingTime } from '../../cloudfunctions/shared/orders/revenue';
import type { Result } from '../../typings/result';
import type { TimerReports } from '../../typings/timers';
import type { Command } from './command';
import { callOperatorFunction, check, readAll, UsageError, type Target } from './tcb';

const excerpt = (text: string, max = 24) => (Array.from(text).length > max ? `${Array.from(text).slice(0, max - 1).join('')}…` : text);

function questionLine(q: QuestionDoc): string {
  const who = q.kind === 'paid' ? `${q.instructorName} ${q.priceFen} fen` : `course ${q.courseId}${q.lessonId ? `/${q.lessonId}` : ''}`;
  const due = q.deadlineAt ? ` due ${beijingTime(q.deadlineAt)}` : '';
  return `  ${q._id}  ${q.kind}  ${q.status}  ${who}${due}  ${excerpt(q.content)}${q.answerContent ? '  [answered]' : ''}`;
}

/** A held question passed or rejected, through the operator function moderateQuestion. */
async function moderate(t: Target, questionId: string, action: 'pass' | 'reject', reason: string): Promise<string> {
  const { question, outRefundNo } = await callOperatorFunction(t, 'moderateQuestion', { questionId, action, reason });
  if (action === 'pass') return `passed ${question.id}: open${question.kind === 'paid' ? `, due ${beijingTime(question.deadlineAt === null ? null : new Date(question.deadlineAt))}` : ', listed'}`;
  return `rejected ${question.id}: ${question.status}${outRefundNo ? `, refund ${outRefundNo} of ${question.priceFen} fen asked` : ''}`;
}

export const questions: Command = {
  name: 'questions',
  summary: 'Questions by status (default: open, the overdue first); --refund-due refunds the overdue paid ones now; --pass / --reject <id> decides a held one.',
  usage: '[--status open|held|answered|refunding|refunded|awaiting_payment|closed] [--refund-due] [--pass <questionId> | --reject <questionId> [--reason "..."]]',
  details: [
    '  --refund-due     run refundUnansweredQuestions now (it must be deployed): every paid question past its deadline is refunded in full',
    '  --pass <id>      a question the content check held (status held) is shown or delivered after all',
    '  --reject <id>    a held question stays hidden (closed); a paid one is refunded in full; --reason is recorded',
    'Passing and rejecting run in the cloud function moderateQuestion, which must be deployed.',
  ],
  options: { status: { type: 'string' }, 'refund-due': { type: 'boolean', default: false }, pass: { type: 'string' }, reject: { type: 'string' }, reason: { type: 'string' } },
  async run({ values, io, target }) {
    const status = questionStatus.default('open').safeParse(values.status);
    if (!status.success) throw new UsageError(`--status must be one of ${questionStatus.options.join(', ')}`);
    const t = target();
    const reason = typeof values.reason === 'string' ? values.reason : '';
    if (typeof values.pass === 'string' && typeof values.reject === 'string') throw new UsageError('--pass or --reject, not both');
    if (typeof values.pass === 'string') {
      io.out(await moderate(t, values.pass, 'pass', reason || '人工复核通过'));
      return 0;
    }
    if (typeof values.reject === 'string') {
      io.out(await moderate(t, values.reject, 'reject', reason));
      return 0;
    }
    if (values['refund-due'] === true) {
      const answer = check(await t.app.callFunction({ name: 'refundUnansweredQuestions', data: {} }), 'call refundUnansweredQuestions');
      const result = answer.result as Result<TimerReports['refundUnansweredQuestions']> | undefined;
      if (!result?.ok) throw new Error(`refundUnansweredQuestions answered ${JSON.stringify(result?.ok === false ? result.error : answer)}`);
      io.out(`refunds asked: ${result.data.refunding}, asked again: ${result.data.resent}, failed: ${result.data.failed}`);
      return result.data.failed > 0 ? 1 : 0;
    }
    io.err(`reading ${status.data} questions on ${t.describe}`);
    const rows = await readAll<QuestionDoc>(t.db, 'questions', { status: status.data }, { orderBy: 'deadlineAt' });
    const now = Date.now();
    const overdue = rows.filter((q) => q.kind === 'paid' && q.deadlineAt && q.deadlineAt.getTime() <= now);
    io.out([`${rows.length} ${status.data} questions${overdue.length ? `, ${overdue.length} past their deadline (--refund-due)` : ''}`, ...rows.map(questionLine)].join('\n'));
    return 0;
  },
};
