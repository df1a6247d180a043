/**
 * `questions`: paid and free questions by status, for operators; refund the
 * overdue ones now (the refundUnansweredQuestions timer's own run), or pass
 * a question the content check held.
 */
import { questionStatus, type QuestionDoc } from '../../database-schema/questions/schema';
import { QUESTION_SETTINGS_DEFAULT, questionSettingsSchema } from '../../database-schema/settings/schema';
import { beijingTime } from '../../cloudfunctions/shared/orders/revenue';
import type { Result } from '../../typings/result';
import type { TimerReports } from '../../typings/timers';
import type { Command } from './command';
import { check, readAll, UsageError, type Target } from './tcb';

const excerpt = (text: string, max = 24) => (Array.from(text).length > max ? `${Array.from(text).slice(0, max - 1).join('')}…` : text);

function questionLine(q: QuestionDoc): string {
  const who = q.kind === 'paid' ? `${q.instructorName} ${q.priceFen} fen` : `course ${q.courseId}${q.lessonId ? `/${q.lessonId}` : ''}`;
  const due = q.deadlineAt ? ` due ${beijingTime(q.deadlineAt)}` : '';
  return `  ${q._id}  ${q.kind}  ${q.status}  ${who}${due}  ${excerpt(q.content)}${q.answerContent ? '  [answered]' : ''}`;
}

/** A held question passes: free ones are listed, paid ones reach their teacher with the deadline from now. */
async function release(t: Target, id: string): Promise<string> {
  const [question] = check(await t.db.collection('questions').where({ _id: id }).limit(1).get(), 'read question').data as QuestionDoc[];
  if (!question) throw new UsageError(`no question ${id}`);
  if (question.status !== 'held') throw new UsageError(`question ${id} is ${question.status}, not held`);
  const now = new Date();
  const [settings] = check(await t.db.collection('settings').where({ _id: 'questions' }).limit(1).get(), 'read settings').data;
  const { answerHours } = questionSettingsSchema.safeParse(settings).data ?? QUESTION_SETTINGS_DEFAULT;
  const change =
    question.kind === 'free'
      ? { status: 'open', listed: true, moderation: 'pass', updatedAt: now }
      : { status: 'open', moderation: 'pass', deadlineAt: new Date(now.getTime() + answerHours * 3600_000), updatedAt: now };
  const { updated } = check(await t.db.collection('questions').where({ _id: id, status: 'held' }).update(change), 'release question');
  if (!updated) throw new Error(`question ${id} changed meanwhile: run again`);
  return `passed ${id}: open${question.kind === 'paid' ? `, due ${beijingTime(change.deadlineAt ?? null)}` : ', listed'}`;
}

export const questions: Command = {
  name: 'questions',
  summary: 'Questions by status (default: open, the overdue first); --refund-due refunds the overdue paid ones now; --pass <id> releases a held one.',
  usage: '[--status open|held|answered|refunding|refunded|awaiting_payment|closed] [--refund-due] [--pass <questionId>]',
  details: [
    '  --refund-due     run refundUnansweredQuestions now (it must be deployed): every paid question past its deadline is refunded in full',
    '  --pass <id>      a question the content check held (status held) is shown or delivered after all',
  ],
  options: { status: { type: 'string' }, 'refund-due': { type: 'boolean', default: false }, pass: { type: 'string' } },
  async run({ values, io, target }) {
    const status = questionStatus.default('open').safeParse(values.status);
    if (!status.success) throw new UsageError(`--status must be one of ${questionStatus.options.join(', ')}`);
    const t = target();
    if (typeof values.pass === 'string') {
      io.out(await release(t, values.pass));
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
