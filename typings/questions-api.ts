/**
 * Questions (问答): free questions on a course, paid questions to a teacher
 * (付费提问), answers. Requests as zod schemas, responses as types, merged into
 * `requestSchemas` / `Responses` in api.ts, the operators' (moderation) into
 * `adminRequestSchemas` / `AdminResponses` (admin-api.ts).
 */
import { z } from 'zod';
import { fen } from '../database-schema/common';
import { questionContent, questionStatus } from '../database-schema/questions/schema';
import type { AdminQuestionView, CursorPage, InstructorView, OrderView, QuestionView } from './entities';
import { numberedPageRequest, type NumberedPage } from './paging';

const id = z.string().trim().min(1).max(64);
/** what the learner typed, trimmed, then held to the document's 5–500 characters */
const content = z.string().trim().pipe(questionContent);
/** the `nextCursor` of the previous page */
const cursor = z.string().trim().max(64).optional();

/** the teacher's inbox: a paid question is there once paid, never before */
export const inboxStatus = z.enum(['open', 'answered', 'refunded']);

export const questionRequestSchemas = {
  /** a free question under a course the caller owns (and, optionally, one of its lessons) */
  askQuestion: z.object({ courseId: id, lessonId: id.optional(), content }).strict(),
  /** a paid question to a teacher, at the teacher's price (the server's); `public`: others may read it and its answer */
  askPaidQuestion: z.object({ instructorId: id, content, public: z.boolean() }).strict(),
  /** the course's teacher or an operator (free), the teacher asked (paid) */
  answerQuestion: z.object({ questionId: id, content }).strict(),
  /** the listed questions of a course, or of one of its lessons, newest first */
  listQuestions: z.object({ courseId: id, lessonId: id.optional(), cursor }).strict(),
  /** 我的提问 */
  myQuestions: z.object({ cursor }).strict(),
  /** a teacher's profile, price and listed answered paid questions */
  getInstructor: z.object({ instructorId: id }).strict(),
  /** the calling teacher's inbox */
  listInstructorQuestions: z.object({ status: inboxStatus, cursor }).strict(),
  /** the calling teacher's price for a paid question, integer fen; null stops taking them */
  setQuestionPrice: z.object({ questionPriceFen: fen.min(1).nullable() }).strict(),
};

export interface QuestionResponses {
  askQuestion: { question: QuestionView };
  /** the order to pay with unifiedPay; the teacher sees the question once it is paid */
  askPaidQuestion: { question: QuestionView; order: OrderView };
  answerQuestion: { question: QuestionView };
  listQuestions: CursorPage<QuestionView> & { instructor: InstructorView | null };
  myQuestions: CursorPage<QuestionView>;
  /** `answerHours`: how long after payment the teacher has to answer before the full refund */
  getInstructor: { instructor: InstructorView; questions: QuestionView[]; answerHours: number };
  listInstructorQuestions: CursorPage<QuestionView>;
  setQuestionPrice: { instructor: InstructorView };
}

export const adminQuestionRequestSchemas = {
  /** questions by status, newest first (held ones: the moderation queue) */
  adminListQuestions: z.object({ status: questionStatus.default('held'), ...numberedPageRequest }).strict(),
  /** a held question passed (listed, or delivered with its deadline from now) or rejected (hidden; a paid one refunded in full) */
  moderateQuestion: z.object({ questionId: id, action: z.enum(['pass', 'reject']), reason: z.string().trim().max(80).default('') }).strict(),
};

export interface AdminQuestionResponses {
  adminListQuestions: NumberedPage<AdminQuestionView>;
  /** `outRefundNo`: the refund asked for a rejected paid question (refundCallback settles it), else null */
  moderateQuestion: { question: AdminQuestionView; outRefundNo: string | null };
}
