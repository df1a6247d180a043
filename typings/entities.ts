/**
 * What the pages show: views of the database documents, shaped for the phone.
 * Money is integer fen (`...Fen`); times cross the wire as epoch milliseconds.
 * Media are cloud file IDs (`cloud://...`), which <image> and <video> accept.
 */

import type { LessonKind } from '../database-schema/courses/schema';
import type { OrderStatus } from '../database-schema/orders/schema';
import type { UserRole } from '../database-schema/users/schema';
import type { OrderKind } from '../database-schema/orders/schema';
import type { QuestionDoc, QuestionKind, QuestionStatus } from '../database-schema/questions/schema';
import type { ReviewDoc, ReviewStatus } from '../database-schema/reviews/schema';

export type { LessonKind, OrderStatus, UserRole };
export type { OrderKind, QuestionKind, QuestionStatus };

export interface UserProfile {
  openid: string;
  nickname: string;
  /** cloud file ID, empty when the learner has not chosen one */
  avatarFileId: string;
  role: UserRole;
  createdAt: number;
}

export interface Category {
  id: string;
  name: string;
  /** how many published courses it has */
  courseCount: number;
}

export interface CourseCard {
  id: string;
  title: string;
  subtitle: string;
  instructor: string;
  categoryId: string;
  /** a temp URL of the cover: clients cannot read storage by file ID */
  coverUrl: string;
  priceFen: number;
  /** learners who bought it */
  salesCount: number;
  lessonCount: number;
  owned: boolean;
  /** open to valid members (会员) without buying: the card's member badge */
  memberIncluded: boolean;
  /** what a member pays instead of `priceFen`, null for none */
  memberPriceFen: number | null;
}

export interface LessonSummary {
  id: string;
  title: string;
  kind: LessonKind;
  durationSec: number;
  freePreview: boolean;
}

export interface ChapterSummary {
  id: string;
  title: string;
  lessons: LessonSummary[];
}

export interface CourseDetail extends CourseCard, CourseRating {
  description: string;
  chapters: ChapterSummary[];
  publishedAt: number | null;
}

export interface OrderView {
  id: string;
  outTradeNo: string;
  courseId: string;
  courseTitle: string;
  /** a temp URL of the course's cover */
  courseCoverUrl: string;
  /** integer fen, priced on the server */
  amountFen: number;
  status: OrderStatus;
  createdAt: number;
  expiresAt: number;
  paidAt: number | null;
  /**
   * a course, a paid question, a bundle or a membership plan; only a course
   * order's `courseId` names a course (the others' is a product key: open
   * 我的提问, `productId`'s bundle or the membership page instead)
   */
  kind: OrderKind;
  /** the bundle or plan a bundle or membership order buys; null for course and question orders */
  productId: string | null;
}

/** Spread into wx.requestPayment as it is. */
export interface PaymentParams {
  /** cloudPay includes the mini-program's AppID; wx.requestPayment ignores it */
  appId?: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

/** The JSON an e-book lesson's file holds: fetch its mediaUrl and page through it. */
export interface EbookFile {
  pages: EbookPage[];
}

export interface EbookPage {
  title: string;
  body: string;
}

/** A lesson in the lesson page's outline: where the learner is in the course. */
export interface OutlineLesson extends LessonSummary {
  /** the caller may not open it: not a free preview and not owned */
  locked: boolean;
  /** learned: finished, or at least LEARNED_SHARE of it */
  completed: boolean;
}

export interface OutlineChapter {
  id: string;
  title: string;
  lessons: OutlineLesson[];
}

interface LessonContentBase {
  id: string;
  courseId: string;
  courseTitle: string;
  instructor: string;
  /** the course's cover as a temp URL: the audio player and WeChat's background player show it */
  coverUrl: string;
  title: string;
  durationSec: number;
  freePreview: boolean;
  /** the caller owns the course (a free preview can be opened without) */
  owned: boolean;
  /**
   * where the learner left, 0 for a new lesson: seconds of a video or audio,
   * the page index of an e-book, the scroll offset (px) of an article
   */
  positionSec: number;
  completed: boolean;
  /** the lessons around this one in the course's order, to go back or on to */
  prevLessonId: string | null;
  nextLessonId: string | null;
  /** the course's chapters and lessons, with what is locked and what is learned */
  chapters: OutlineChapter[];
}

/**
 * A lesson the caller may read: video, audio and e-book media as short-lived
 * URLs (an e-book's is an EbookFile), never a permanent file ID; an article as
 * its rich-text body.
 */
export type LessonContent =
  | (LessonContentBase & { kind: Exclude<LessonKind, 'article'>; mediaUrl: string; urlExpiresAt: number })
  | (LessonContentBase & { kind: 'article'; body: string });

export interface ProgressView {
  lessonId: string;
  positionSec: number;
  completed: boolean;
  updatedAt: number;
}

/** Where to go on in a course: the last lesson touched (or the next, when that one is done), or the first. */
export interface ContinueLesson {
  id: string;
  title: string;
  kind: LessonKind;
  /** where in it, as LessonContent's positionSec; 0 to start it */
  positionSec: number;
}

export interface MyCourseItem {
  course: CourseCard;
  completedLessons: number;
  totalLessons: number;
  /**
   * 0–100: the share of the course's lesson time learned, partial lessons
   * counted in part (a lesson of 10 minutes half watched counts 5)
   */
  progressPercent: number;
  continueLesson: ContinueLesson | null;
  lastStudiedAt: number | null;
}

/** A teacher learners may ask (付费提问); their OPENID never leaves the server. */
export interface InstructorView {
  id: string;
  name: string;
  bio: string;
  /** integer fen a paid question costs, null when the teacher takes none */
  questionPriceFen: number | null;
}

export interface AnswerView {
  content: string;
  byName: string;
  answeredAt: number;
}

/**
 * A question as its asker, its teacher or (listed ones only) anyone sees it.
 * No OPENID: `mine` says whether the caller asked it.
 */
export interface QuestionView {
  id: string;
  kind: QuestionKind;
  courseId: string | null;
  lessonId: string | null;
  instructorId: string | null;
  instructorName: string;
  askerName: string;
  content: string;
  public: boolean;
  status: QuestionStatus;
  /** integer fen paid (0 for a free question) */
  priceFen: number;
  mine: boolean;
  answer: AnswerView | null;
  createdAt: number;
  paidAt: number | null;
  /** when a paid question is refunded if still unanswered */
  deadlineAt: number | null;
  /** a paid question's order, for unifiedPay while it awaits payment (asker only) */
  orderId: string | null;
}

/** A question as operators see it, for moderation: the asker and the order named. */
export interface AdminQuestionView extends Omit<QuestionView, 'mine'> {
  openid: string;
  /** what WeChat's content check said of the text */
  check: QuestionDoc['moderation'];
  /** an operator's pass or reject */
  decision: { action: 'pass' | 'reject'; reason: string; by: string; at: number } | null;
}

/** A page of a list read by cursor: pass `nextCursor` back for more, null at the end. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- reviews and ratings (评价) ----

export type { ReviewStatus };

/** A course's published reviews: the average rating (one decimal, 0 for none) and how many. */
export interface CourseRating {
  ratingAvg: number;
  ratingCount: number;
}

/** A review as a learner sees it: never its author's openid. */
export interface ReviewView {
  id: string;
  courseId: string;
  rating: number;
  content: string;
  /** others' reviews are always `published`; the caller's own may be `pending` (审核中) or `hidden` */
  status: ReviewStatus;
  /** the caller wrote it */
  mine: boolean;
  /** the author's nickname, or 学员 when they have none */
  authorName: string;
  createdAt: number;
  updatedAt: number;
  reply: { content: string; repliedAt: number } | null;
}

/** A review as operators see it, for moderation. */
export interface AdminReviewView extends Omit<ReviewView, 'mine'> {
  openid: string;
  /** what WeChat's content check said of the text */
  check: ReviewDoc['check'];
  moderation: { action: 'publish' | 'hide'; reason: string; by: string; at: number } | null;
}
