import { z } from 'zod';
import { docId, fen, openid, serverDate } from '../common';

export const questionKind = z.enum(['free', 'paid']);
export type QuestionKind = z.infer<typeof questionKind>;

/**
 * A question's life. Free: `open` → `answered`. Paid: `awaiting_payment`
 * (its order unpaid; the teacher does not see it) → `open` once paid
 * (delivered, deadline running) → `answered`, or past the deadline
 * `refunding` → `refunded`; `closed` when its order expired unpaid. `held`:
 * the content check asked for a person's look (or could not check), so it
 * reaches no one until an operator passes it (→ open) or rejects it (free:
 * → closed; paid: → refunding → refunded, in full).
 */
export const questionStatus = z.enum(['awaiting_payment', 'held', 'open', 'answered', 'refunding', 'refunded', 'closed']);
export type QuestionStatus = z.infer<typeof questionStatus>;

/** What the content check said of the text (platform/content-security.ts). */
export const moderationVerdict = z.enum(['pass', 'review', 'unchecked']);

export const questionContent = z.string().min(5).max(500);

export const questionSchema = z.object({
  _id: docId,
  kind: questionKind,
  /** the asker; `_openid` too for the client-side rule */
  openid,
  _openid: openid,
  askerName: z.string().max(32),
  /** free questions: the course and (optional) lesson they are asked under */
  courseId: docId.nullable(),
  lessonId: docId.nullable(),
  /** paid questions: the teacher asked */
  instructorId: docId.nullable(),
  instructorName: z.string().max(32),
  content: questionContent,
  /** paid: the asker lets others read it and its answer; free questions are public */
  public: z.boolean(),
  /** shown to others: a listed question's text passed the check and (paid) it is public and answered */
  listed: z.boolean(),
  moderation: moderationVerdict,
  /** an operator's pass or reject of a held question (moderateQuestion); absent on questions never held */
  decision: z
    .object({ action: z.enum(['pass', 'reject']), reason: z.string().max(80), by: z.string().max(160), at: serverDate })
    .nullable()
    .optional(),
  status: questionStatus,
  /** paid: its order, its price (server's), when it was paid and the answer is due */
  orderId: docId.nullable(),
  priceFen: fen,
  paidAt: serverDate.nullable(),
  deadlineAt: serverDate.nullable(),
  refundedAt: serverDate.nullable(),
  /** the answer, null until answered; `answeredBy` (a teacher's OPENID or an operator's name) never goes on the wire */
  answerContent: questionContent.nullable(),
  answeredByName: z.string().max(32),
  answeredBy: z.string().max(160),
  answeredAt: serverDate.nullable(),
  createdAt: serverDate,
  updatedAt: serverDate,
});
export type QuestionDoc = z.infer<typeof questionSchema>;
