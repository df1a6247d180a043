/**
 * Questions (问答). Free ones under a course its owners ask and its teacher
 * (or an operator) answers; paid ones (付费提问) to a teacher at the teacher's
 * price, through an order of kind `question` paid like a course: the teacher
 * sees it only once settlement delivered it (delivery.ts), and it is refunded
 * in full if unanswered by its deadline (deadline.ts). Answer and refund
 * decide in one transaction each on the question's status, so never both.
 */
import { randomBytes } from 'node:crypto';
import type { CourseDoc } from '../../../database-schema/courses/schema';
import type { InstructorDoc } from '../../../database-schema/instructors/schema';
import { questionProductId } from '../../../database-schema/orders/schema';
import type { QuestionDoc, QuestionStatus } from '../../../database-schema/questions/schema';
import type { UserDoc } from '../../../database-schema/users/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { CursorPage, QuestionView } from '../../../typings/entities';
import { ownsCourse } from '../learning/entitlements';
import { newOrder, writeOrder } from '../orders/orders';
import { toOrderView } from '../orders/views';
import { requireOperator, type CallerContext } from '../platform/caller';
import { _, db, docById, docs, inTransaction, txDoc } from '../platform/cloud';
import { AppError, fail } from '../platform/errors';
import { afterCursor, cursorAt } from '../platform/cursor';
import { paymentSettings, questionSettings } from '../platform/settings';
import { instructorOfCourse, requireInstructor } from './instructors';
import { screenText } from './moderation';
import { toInstructorView, toQuestionView } from './views';

/** a page of a learner's list */
const PAGE_SIZE = 10;

const newQuestionId = (now: Date): string => `q${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`;

async function askerName(openid: string): Promise<string> {
  const user = await docById<UserDoc>('users', openid);
  return user?.nickname || '学员';
}

type NewQuestion = Pick<QuestionDoc, 'kind' | 'courseId' | 'lessonId' | 'instructorId' | 'instructorName' | 'content' | 'public' | 'orderId' | 'priceFen'>;

/** A new question document: free ones listed at once if their text passed, paid ones await payment. */
function questionDoc(openid: string, name: string, verdict: QuestionDoc['moderation'], now: Date, fields: NewQuestion): QuestionDoc {
  const passed = verdict === 'pass';
  const status: QuestionStatus = fields.kind === 'paid' ? 'awaiting_payment' : passed ? 'open' : 'held';
  return {
    _id: newQuestionId(now),
    openid,
    _openid: openid,
    askerName: name,
    ...fields,
    listed: fields.kind === 'free' && passed,
    moderation: verdict,
    status,
    paidAt: null,
    deadlineAt: null,
    refundedAt: null,
    answerContent: null,
    answeredByName: '',
    answeredBy: '',
    answeredAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

function withoutId(doc: QuestionDoc): Omit<QuestionDoc, '_id'> {
  const { _id, ...fields } = doc;
  void _id;
  return fields;
}

export async function askQuestion(openid: string, input: ParsedRequestOf<'askQuestion'>): Promise<ResponseOf<'askQuestion'>> {
  const [course, owned] = await Promise.all([docById<CourseDoc>('courses', input.courseId), ownsCourse(openid, input.courseId)]);
  if (!course) return fail('NOT_FOUND', '课程不存在');
  if (!owned) return fail('NOT_PURCHASED', '购买课程后才能提问');
  if (input.lessonId && !course.chapters.some((c) => c.lessons.some((l) => l.id === input.lessonId))) return fail('NOT_FOUND', '课时不存在');
  const [verdict, name] = await Promise.all([screenText(input.content, openid), askerName(openid)]);
  const doc = questionDoc(openid, name, verdict, new Date(), {
    kind: 'free',
    courseId: course._id,
    lessonId: input.lessonId ?? null,
    instructorId: null,
    instructorName: course.instructor,
    content: input.content,
    public: true,
    orderId: null,
    priceFen: 0,
  });
  await db.collection('questions').doc(doc._id).set({ data: withoutId(doc) });
  return { question: toQuestionView(doc, openid) };
}

/**
 * A paid question and its order, in one transaction, at the teacher's price
 * as the server reads it; the page pays the order with unifiedPay.
 */
export async function askPaidQuestion(openid: string, input: ParsedRequestOf<'askPaidQuestion'>): Promise<ResponseOf<'askPaidQuestion'>> {
  const [instructor, settings] = await Promise.all([docById<InstructorDoc>('instructors', input.instructorId), paymentSettings()]);
  if (!instructor) return fail('NOT_FOUND', '讲师不存在');
  if (instructor.questionPriceFen === null) return fail('NOT_ON_SALE', '该讲师暂不接受付费提问');
  if (instructor.openid === openid) return fail('FORBIDDEN', '不能向自己提问');
  const [verdict, name] = await Promise.all([screenText(input.content, openid), askerName(openid)]);
  const now = new Date();
  const question = questionDoc(openid, name, verdict, now, {
    kind: 'paid',
    courseId: null,
    lessonId: null,
    instructorId: instructor._id,
    instructorName: instructor.name,
    content: input.content,
    public: input.public,
    orderId: null,
    priceFen: instructor.questionPriceFen,
  });
  // WeChat Pay always: a question's price is the teacher's to set, so no virtual payment product could match it
  const order = newOrder(openid, { ...settings, provider: 'cloudpay' }, now, {
    kind: 'question',
    questionId: question._id,
    courseId: questionProductId(instructor._id),
    courseTitle: `付费提问 · ${instructor.name}`,
    courseCoverFileId: '',
    amountFen: instructor.questionPriceFen,
  });
  question.orderId = order._id;
  await inTransaction(async (tx) => {
    await tx.collection('questions').doc(question._id).set({ data: withoutId(question) });
    await writeOrder(tx, order);
  });
  return { question: toQuestionView(question, openid), order: toOrderView(order, new Map()) };
}

/** Who may answer: a paid question's teacher; a free question's course teacher, or an operator. */
async function answerer(question: QuestionDoc, caller: CallerContext): Promise<{ by: string; byName: string }> {
  if (question.kind === 'paid') {
    const instructor = await requireInstructor(caller.openid).catch(() => null);
    if (!instructor || instructor._id !== question.instructorId) return fail('FORBIDDEN', '只有被提问的讲师可以回答');
    return { by: caller.openid, byName: instructor.name };
  }
  const instructor = question.courseId ? await instructorOfCourse(question.courseId) : null;
  if (instructor && instructor.openid === caller.openid) return { by: caller.openid, byName: instructor.name };
  try {
    await requireOperator(caller);
    return { by: caller.openid, byName: '助教' };
  } catch (error) {
    if (error instanceof AppError) return fail('FORBIDDEN', '只有课程讲师或运营人员可以回答');
    throw error;
  }
}

const CLOSED_MESSAGES: Partial<Record<QuestionStatus, string>> = {
  answered: '该问题已回答',
  refunding: '该问题已超时退款',
  refunded: '该问题已超时退款',
  awaiting_payment: '该问题尚未支付',
  closed: '该问题已关闭',
  held: '该问题正在审核',
};

/**
 * The answer, in one transaction on the question's status: only an `open`
 * question is answered, so an answer and the deadline's refund racing end in
 * one of them, never both.
 */
export async function answerQuestion(caller: CallerContext, input: ParsedRequestOf<'answerQuestion'>): Promise<ResponseOf<'answerQuestion'>> {
  const found = await docById<QuestionDoc>('questions', input.questionId);
  if (!found) return fail('NOT_FOUND', '问题不存在');
  const { by, byName } = await answerer(found, caller);
  // an answer the check did not pass is the asker's only: the question stays unlisted
  const verdict = await screenText(input.content, caller.openid || found.openid);
  const answered = await inTransaction(async (tx) => {
    const current = await txDoc<QuestionDoc>(tx, 'questions', input.questionId);
    if (!current) return fail('NOT_FOUND', '问题不存在');
    if (current.status !== 'open') return fail('QUESTION_CLOSED', CLOSED_MESSAGES[current.status] ?? '该问题不能回答');
    const now = new Date();
    // past its deadline a paid question is the refund's, even before the timer comes round
    if (current.deadlineAt && current.deadlineAt <= now) return fail('QUESTION_CLOSED', '已过回答期限，提问费将全额退还');
    const change = {
      status: 'answered' as const,
      answerContent: input.content,
      answeredBy: by,
      answeredByName: byName,
      answeredAt: now,
      // a paid question is shown to others once answered, if its asker made it public
      listed: verdict === 'pass' && (current.kind === 'free' ? current.listed : current.public && current.moderation === 'pass'),
      updatedAt: now,
    };
    await tx.collection('questions').doc(current._id).update({ data: change });
    return { ...current, ...change };
  });
  return { question: toQuestionView(answered, caller.openid) };
}

/** One page of `filter` by `field` (then `_id`), and the cursor for the next. */
async function questionPage(
  filter: Record<string, unknown>,
  field: 'createdAt' | 'paidAt',
  order: 'asc' | 'desc',
  cursor: string | undefined,
  viewer: string,
): Promise<CursorPage<QuestionView>> {
  const where = cursor ? _.and([filter, afterCursor(field, order, cursor)]) : filter;
  const rows = await docs<QuestionDoc>(db.collection('questions').where(where).orderBy(field, order).orderBy('_id', order).limit(PAGE_SIZE + 1));
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return { items: page.map((q) => toQuestionView(q, viewer)), nextCursor: rows.length > PAGE_SIZE && last ? cursorAt(last[field]!, last._id) : null };
}

/** The listed questions of a course (or one of its lessons), and the course's teacher for 付费提问. */
export async function listQuestions(openid: string, input: ParsedRequestOf<'listQuestions'>): Promise<ResponseOf<'listQuestions'>> {
  const filter = input.lessonId ? { lessonId: input.lessonId, listed: true } : { courseId: input.courseId, listed: true };
  const [page, instructor] = await Promise.all([questionPage(filter, 'createdAt', 'desc', input.cursor, openid), instructorOfCourse(input.courseId)]);
  return { ...page, instructor: instructor ? toInstructorView(instructor) : null };
}

/** 我的提问: every question the caller asked, with its status and deadline. */
export function myQuestions(openid: string, input: ParsedRequestOf<'myQuestions'>): Promise<ResponseOf<'myQuestions'>> {
  return questionPage({ openid }, 'createdAt', 'desc', input.cursor, openid);
}

/** A teacher's inbox: paid questions delivered to them; the open ones oldest (most urgent) first. */
export async function listInstructorQuestions(openid: string, input: ParsedRequestOf<'listInstructorQuestions'>): Promise<ResponseOf<'listInstructorQuestions'>> {
  const instructor = await requireInstructor(openid);
  return questionPage({ instructorId: instructor._id, status: input.status }, 'paidAt', input.status === 'open' ? 'asc' : 'desc', input.cursor, openid);
}

/** A teacher's page: profile, price, and the answered paid questions their askers made public. */
export async function getInstructor(openid: string, instructorId: string): Promise<ResponseOf<'getInstructor'>> {
  const [instructor, settings, listed] = await Promise.all([
    docById<InstructorDoc>('instructors', instructorId),
    questionSettings(),
    docs<QuestionDoc>(db.collection('questions').where({ instructorId, status: 'answered', listed: true }).orderBy('paidAt', 'desc').limit(PAGE_SIZE)),
  ]);
  if (!instructor) return fail('NOT_FOUND', '讲师不存在');
  return { instructor: toInstructorView(instructor), questions: listed.map((q) => toQuestionView(q, openid)), answerHours: settings.answerHours };
}
