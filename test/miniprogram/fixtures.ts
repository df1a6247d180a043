/**
 * Realistic answers of the cloud functions, in the shapes of typings/, for
 * page tests. Each builder takes overrides so a test states only what matters.
 */
import type {
  Category,
  ChapterSummary,
  CourseCard,
  CourseDetail,
  EbookFile,
  LessonContent,
  MyCourseItem,
  OrderView,
  OutlineChapter,
  PaymentParams,
  QuestionView,
  UserProfile,
} from '../../typings/entities';
import type { ResponseOf } from '../../typings/api';
import type {
  BundleCard,
  BundleDetail,
  ClaimableCouponView,
  CouponOption,
  CouponView,
  PlanView,
  PriceBreakdown,
  QuoteItem,
} from '../../typings/pricing-api';

const T0 = Date.UTC(2025, 2, 8, 6, 5); // 2025-03-08 14:05 in Shanghai

export const categories: Category[] = [
  { id: 'career', name: '职场成长', courseCount: 2 },
  { id: 'tech', name: '编程开发', courseCount: 2 },
  { id: 'life', name: '健康生活', courseCount: 1 },
];

export function courseCard(overrides: Partial<CourseCard> = {}): CourseCard {
  return {
    id: 'course-time',
    title: '高效时间管理 21 讲',
    subtitle: '从拖延到专注，建立可持续的工作节奏',
    instructor: '林晓',
    categoryId: 'career',
    coverUrl: 'https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test',
    priceFen: 9900,
    salesCount: 12800,
    lessonCount: 4,
    owned: false,
    memberIncluded: false,
    memberPriceFen: null,
    ...overrides,
  };
}

/** `n` distinct cards, ids `course-<offset+i>`. */
export function courseCards(n: number, offset = 0): CourseCard[] {
  return Array.from({ length: n }, (_, i) =>
    courseCard({ id: `course-${offset + i}`, title: `课程 ${offset + i}`, salesCount: 100 + i }),
  );
}

export const chapters: ChapterSummary[] = [
  {
    id: 'ch-1',
    title: '第一章 认识时间',
    lessons: [
      { id: 'lesson-1', title: '开篇：你的时间去哪了', kind: 'video' as const, durationSec: 245, freePreview: true },
      { id: 'lesson-2', title: '时间日志怎么记', kind: 'article', durationSec: 300, freePreview: true },
    ],
  },
  {
    id: 'ch-2',
    title: '第二章 精力管理',
    lessons: [
      { id: 'lesson-3', title: '番茄工作法', kind: 'audio' as const, durationSec: 620, freePreview: false },
      { id: 'lesson-4', title: '每周复盘模板', kind: 'ebook', durationSec: 600, freePreview: false },
    ],
  },
];

export function courseDetail(overrides: Partial<CourseDetail> = {}): CourseDetail {
  return {
    ...courseCard(),
    description: '本课程用 21 讲带你拆解时间管理的底层逻辑：目标拆分、精力管理、番茄工作法与周复盘。',
    chapters,
    publishedAt: T0,
    ratingAvg: 0,
    ratingCount: 0,
    ...overrides,
  };
}

export function orderView(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: 'order-1',
    outTradeNo: 'ZS20250308140500123456',
    courseId: 'course-time',
    courseTitle: '高效时间管理 21 讲',
    courseCoverUrl: 'https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test',
    amountFen: 9900,
    status: 'unpaid',
    createdAt: T0,
    // far ahead, so tests do not depend on the clock
    expiresAt: Date.UTC(2099, 0, 1),
    paidAt: null,
    kind: 'course',
    productId: null,
    ...overrides,
  };
}

export const payment: PaymentParams = {
  timeStamp: '1741413900',
  nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  package: 'prepay_id=wx08140500123456789',
  signType: 'MD5',
  paySign: 'C380BEC2BFD727A4B6845133519F3AD6',
};

type MediaLesson = Extract<LessonContent, { mediaUrl: string }>;
type Article = Extract<LessonContent, { kind: 'article' }>;

/** The course outline a lesson page gets: `chapters` above, locked unless owned or free. */
export function outline(owned: boolean, completedIds: string[] = []): OutlineChapter[] {
  return chapters.map((ch) => ({
    ...ch,
    lessons: ch.lessons.map((l) => ({ ...l, locked: !owned && !l.freePreview, completed: completedIds.includes(l.id) })),
  }));
}

const lessonOrder = chapters.flatMap((ch) => ch.lessons.map((l) => l.id));

/** A lesson's place in `chapters`: the lessons before and after it. */
function around(id: string) {
  const i = lessonOrder.indexOf(id);
  return { prevLessonId: lessonOrder[i - 1] ?? null, nextLessonId: lessonOrder[i + 1] ?? null };
}

const lessonBase = {
  courseId: 'course-time',
  courseTitle: '高效时间管理 21 讲',
  instructor: '林晓',
  coverUrl: 'https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test',
  freePreview: false,
  owned: true,
  positionSec: 0,
  completed: false,
  chapters: outline(true),
};

export function videoLesson(overrides: Partial<MediaLesson> = {}): MediaLesson {
  return {
    ...lessonBase,
    ...around('lesson-1'),
    id: 'lesson-1',
    title: '开篇：你的时间去哪了',
    kind: 'video' as const,
    durationSec: 245,
    mediaUrl: 'https://env-test.tcb.qcloud.la/media/video-1.mp4?sign=abc&t=1741413900',
    urlExpiresAt: Date.UTC(2099, 0, 1),
    ...overrides,
  };
}

export function audioLesson(overrides: Partial<MediaLesson> = {}): MediaLesson {
  return {
    ...lessonBase,
    ...around('lesson-3'),
    id: 'lesson-3',
    title: '番茄工作法',
    kind: 'audio' as const,
    durationSec: 620,
    mediaUrl: 'https://env-test.tcb.qcloud.la/media/audio-1.mp3?sign=abc&t=1741413900',
    urlExpiresAt: Date.UTC(2099, 0, 1),
    ...overrides,
  };
}

export function articleLesson(overrides: Partial<Article> = {}): Article {
  return {
    ...lessonBase,
    ...around('lesson-2'),
    id: 'lesson-2',
    title: '时间日志怎么记',
    kind: 'article',
    durationSec: 300,
    freePreview: true,
    body: '<h2>时间日志</h2><p>连续记录三天，每 30 分钟写下你在做什么。</p>',
    ...overrides,
  };
}

export function ebookLesson(overrides: Partial<MediaLesson> = {}): MediaLesson {
  return {
    ...lessonBase,
    ...around('lesson-4'),
    id: 'lesson-4',
    title: '每周复盘模板',
    kind: 'ebook' as const,
    durationSec: 600,
    mediaUrl: 'https://env-test.tcb.qcloud.la/media/ebook-1.json?sign=abc&t=1741413900',
    urlExpiresAt: Date.UTC(2099, 0, 1),
    ...overrides,
  };
}

/** What an e-book lesson's mediaUrl serves. */
export const ebookFile: EbookFile = {
  pages: [
    { title: '前言', body: '这是一本示例电子书。每一页是一段正文，小程序里按页翻阅。' },
    { title: '第一节 记录', body: '每周花 15 分钟，回看这一周做了什么、没做什么，以及原因。' },
    { title: '结语', body: '复盘不是为了自责，而是为了下一次做得更好。' },
  ],
};

export function myCourseItem(overrides: Partial<MyCourseItem> = {}): MyCourseItem {
  return {
    course: courseCard({ owned: true }),
    completedLessons: 1,
    totalLessons: 4,
    progressPercent: 25,
    continueLesson: { id: 'lesson-2', title: '时间日志怎么记', kind: 'article', positionSec: 0 },
    lastStudiedAt: T0,
    ...overrides,
  };
}

export function userProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
    nickname: '微信用户',
    avatarFileId: '',
    role: 'learner',
    createdAt: T0,
    ...overrides,
  };
}

export function questionView(overrides: Partial<QuestionView> = {}): QuestionView {
  return {
    id: 'q-1',
    kind: 'free',
    courseId: 'course-time',
    lessonId: null,
    instructorId: null,
    instructorName: '林晓',
    askerName: '小明',
    content: '番茄钟每次多长合适？',
    public: true,
    status: 'open',
    priceFen: 0,
    mine: false,
    answer: null,
    createdAt: T0,
    paidAt: null,
    deadlineAt: null,
    orderId: null,
    ...overrides,
  };
}

export function reviewView(overrides: Partial<import('../../typings/entities').ReviewView> = {}): import('../../typings/entities').ReviewView {
  return {
    id: 'rv_1',
    courseId: 'course-time',
    rating: 5,
    content: '讲得清楚，例子也很实用',
    status: 'published',
    mine: false,
    authorName: '小林',
    createdAt: T0,
    updatedAt: T0,
    reply: null,
    ...overrides,
  };
}

// ---- pricing: bundles, membership, coupons ----

/** A price as the server answers it: the list price, nothing off, unless told. */
export function priceBreakdown(overrides: Partial<PriceBreakdown> = {}): PriceBreakdown {
  const listFen = overrides.listFen ?? 9900;
  return { listFen, memberFen: null, ownedCreditFen: 0, couponId: null, couponFen: 0, totalFen: listFen, ...overrides };
}

/** getCourse's answer: the course unowned, at its list price, no membership. */
export function courseAnswer(overrides: Partial<ResponseOf<'getCourse'>> = {}): ResponseOf<'getCourse'> {
  const course = overrides.course ?? courseDetail();
  return { course, owned: course.owned, memberAccess: false, price: priceBreakdown({ listFen: course.priceFen }), unpaidOrder: null, reviews: [], ...overrides };
}

export function couponView(overrides: Partial<CouponView> = {}): CouponView {
  return {
    id: 'cp-1',
    templateId: 'tpl-new',
    title: '新人专享券',
    discount: { type: 'amount', amountFen: 2000, thresholdFen: 5000 },
    scope: { type: 'all' },
    discountText: '满50减20',
    scopeText: '全场通用',
    validFrom: T0,
    validUntil: Date.UTC(2099, 0, 1),
    status: 'available',
    orderId: null,
    ...overrides,
  };
}

export function couponOption(overrides: Partial<CouponOption> = {}): CouponOption {
  return { ...couponView(), discountFen: 2000, ...overrides };
}

export function claimableCoupon(overrides: Partial<ClaimableCouponView> = {}): ClaimableCouponView {
  return {
    templateId: 'tpl-new',
    title: '新人专享券',
    discount: { type: 'amount', amountFen: 2000, thresholdFen: 5000 },
    scope: { type: 'all' },
    discountText: '满50减20',
    scopeText: '全场通用',
    validityText: '领取后 7 天内有效',
    remaining: 88,
    claimedByMe: 0,
    perLearnerLimit: 1,
    canClaim: true,
    ...overrides,
  };
}

export function bundleCard(overrides: Partial<BundleCard> = {}): BundleCard {
  return {
    id: 'bundle-growth',
    title: '职场成长专栏',
    subtitle: '时间管理与沟通，一次学全',
    coverUrl: 'https://env-test.tcb.qcloud.la/covers/bundle-1.png?sign=test',
    priceFen: 14900,
    coursesListFen: 29800,
    courseCount: 2,
    salesCount: 320,
    ...overrides,
  };
}

export function bundleDetail(overrides: Partial<BundleDetail> = {}): BundleDetail {
  return {
    ...bundleCard(),
    description: '两门课程打包：先管好时间，再学会沟通。',
    courses: [courseCard(), courseCard({ id: 'course-talk', title: '高效沟通 12 讲', priceFen: 19900 })],
    ...overrides,
  };
}

export function planView(overrides: Partial<PlanView> = {}): PlanView {
  return { id: 'plan-year', title: '年度会员', days: 365, priceFen: 19900, benefits: ['会员课程免费学', '指定课程会员价'], ...overrides };
}

/** quoteOrder's answer for the course above, at its list price, with no coupon. */
export function quoteAnswer(overrides: Partial<ResponseOf<'quoteOrder'>> = {}): ResponseOf<'quoteOrder'> {
  const item: QuoteItem = { kind: 'course', id: 'course-time', title: '高效时间管理 21 讲', subtitle: '讲师 林晓', coverUrl: 'https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test' };
  return { item, price: priceBreakdown(), coupons: [], owned: false, membership: null, payWith: 'cloudpay', ...overrides };
}

/** login's answer: the learner, and the provider that pays on their platform (cloudpay unless told). */
export function loginAnswer(overrides: Partial<ResponseOf<'login'>> = {}): ResponseOf<'login'> {
  return { user: userProfile(), isOperator: false, payment: { provider: 'cloudpay' }, ...overrides };
}

/** virtualPay's answer for order-1 (course-time at ¥99.00): what wx.requestVirtualPayment is given. */
export function virtualPayAnswer(orderId = 'order-1'): ResponseOf<'virtualPay'> {
  const signData = JSON.stringify({
    offerId: '1450000001',
    buyQuantity: 1,
    env: 0,
    currencyType: 'CNY',
    productId: 'course_course_time_9900',
    goodsPrice: 9900,
    outTradeNo: 'KO20250308140500ab12cd',
    attach: orderId,
  });
  return {
    orderId,
    signData,
    paySig: 'a0d1b7c4e9f3a2b5c6d7e8f90123456789abcdef0123456789abcdef01234567',
    signature: '5e8c1f0a9b2d3c4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5',
    mode: 'short_series_goods',
  };
}
