/**
 * What the pages show: views of the database documents, shaped for the phone.
 * Money is integer fen (`...Fen`); times cross the wire as epoch milliseconds.
 * Media are cloud file IDs (`cloud://...`), which <image> and <video> accept.
 */

export type LessonKind = 'video' | 'audio' | 'article' | 'ebook';

export type OrderStatus = 'unpaid' | 'paid' | 'refunding' | 'refunded' | 'closed';

export type UserRole = 'learner' | 'operator';

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

export interface CourseDetail extends CourseCard {
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
  totalFee: number;
  status: OrderStatus;
  createdAt: number;
  expiresAt: number;
  paidAt: number | null;
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

interface LessonContentBase {
  id: string;
  courseId: string;
  title: string;
  durationSec: number;
  freePreview: boolean;
  /** where the learner left, 0 for a new lesson */
  positionSec: number;
  completed: boolean;
  /** the next lesson in the course, to go on to */
  nextLessonId: string | null;
}

/**
 * A lesson the caller may read: video, audio and e-book media as short-lived
 * URLs (an e-book's is an EbookFile), never a permanent file ID; an article as
 * its rich-text body.
 */
export type LessonContent =
  | (LessonContentBase & { kind: 'video' | 'audio' | 'ebook'; mediaUrl: string; urlExpiresAt: number })
  | (LessonContentBase & { kind: 'article'; body: string });

export interface ProgressView {
  lessonId: string;
  positionSec: number;
  completed: boolean;
  updatedAt: number;
}

export interface MyCourseItem {
  course: CourseCard;
  completedLessons: number;
  totalLessons: number;
  /** the lesson to continue from: the last one touched, or the first */
  continueLessonId: string | null;
  lastStudiedAt: number | null;
}
