/** A question or teacher document → what pages show: never an OPENID. */
import type { InstructorDoc } from '../../../database-schema/instructors/schema';
import type { QuestionDoc } from '../../../database-schema/questions/schema';
import type { AdminQuestionView, InstructorView, QuestionView } from '../../../typings/entities';
import { toMillis } from '../platform/time';

export function toInstructorView(doc: InstructorDoc): InstructorView {
  return { id: doc._id, name: doc.name, bio: doc.bio, questionPriceFen: doc.questionPriceFen };
}

/** As `viewer` sees it: the order only to the asker. */
export function toQuestionView(doc: QuestionDoc, viewer: string): QuestionView {
  const mine = doc.openid === viewer;
  return {
    id: doc._id,
    kind: doc.kind,
    courseId: doc.courseId,
    lessonId: doc.lessonId,
    instructorId: doc.instructorId,
    instructorName: doc.instructorName,
    askerName: doc.askerName,
    content: doc.content,
    public: doc.public,
    status: doc.status,
    priceFen: doc.priceFen,
    mine,
    answer: doc.answerContent && doc.answeredAt ? { content: doc.answerContent, byName: doc.answeredByName, answeredAt: doc.answeredAt.getTime() } : null,
    createdAt: doc.createdAt.getTime(),
    paidAt: toMillis(doc.paidAt),
    deadlineAt: toMillis(doc.deadlineAt),
    orderId: mine ? doc.orderId : null,
  };
}

/** As operators see it: the asker's OPENID, the order, the check's verdict and any decision. */
export function toAdminQuestionView(doc: QuestionDoc): AdminQuestionView {
  const { mine, ...view } = toQuestionView(doc, doc.openid);
  void mine;
  return { ...view, openid: doc.openid, check: doc.moderation, decision: doc.decision ? { ...doc.decision, at: doc.decision.at.getTime() } : null };
}
