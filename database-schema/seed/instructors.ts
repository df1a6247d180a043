/**
 * The demo teachers (讲师): an `instructors` document each, linked to their
 * demo courses, and a `users` document with `role: 'instructor'` (their
 * OPENIDs are made up: sign in as one in the preview to answer).
 */
import type { InstructorDoc } from '../instructors/schema';
import type { QuestionSettingsDoc } from '../settings/schema';
import type { UserDoc } from '../users/schema';

export const DEMO_INSTRUCTORS: Omit<InstructorDoc, 'createdAt' | 'updatedAt'>[] = [
  {
    _id: 'ins-zhoucheng',
    openid: 'o_demo_instructor_zhou',
    _openid: 'o_demo_instructor_zhou',
    name: '周程',
    bio: '前端架构师，十年 TypeScript 与小程序开发经验。',
    questionPriceFen: 2900,
    courseIds: ['course-ts', 'course-cloud'],
  },
  {
    _id: 'ins-linxiao',
    openid: 'o_demo_instructor_lin',
    _openid: 'o_demo_instructor_lin',
    name: '林晓',
    bio: '效率教练，帮助上万职场人走出拖延。',
    questionPriceFen: 990,
    courseIds: ['course-time'],
  },
];

/** 72 hours to answer; a demo "退款成功" template id (the local cloud accepts any). */
export const DEMO_QUESTION_SETTINGS: QuestionSettingsDoc = {
  _id: 'questions',
  answerHours: 72,
  refundedTemplateId: 'DEMO_QUESTION_REFUNDED_TEMPLATE',
  page: 'pages/my-questions/index',
};

export function demoInstructorDocs(now: Date): { instructors: InstructorDoc[]; users: UserDoc[] } {
  return {
    instructors: DEMO_INSTRUCTORS.map((i) => ({ ...i, createdAt: now, updatedAt: now })),
    users: DEMO_INSTRUCTORS.map((i) => ({
      _id: i.openid,
      _openid: i.openid,
      nickname: i.name,
      avatarFileId: '',
      role: 'instructor' as const,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: now,
    })),
  };
}
