import type { CourseDetail } from '../../../typings/entities';
import { CloudError, call } from '../../services/cloud';
import { purchaseVersion, reviewVersion } from '../../services/freshness';
import { definePage } from '../../services/page';
import { IOS_PURCHASE_NOTICE, canSellHere } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { formatCount } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { freeLessonLabel, lessonKindLabel, lessonLengthLabel, lessonUrl, purchaseUrl } from '../../utils/lesson';
import { MEMBERSHIP_URL } from '../../utils/pricing';
import { ratingSummary, reviewEditorUrl, reviewsUrl, toReviewItem, type ReviewItem } from '../../utils/reviews';

/** The one thing the learner can do next with this course. */
type CourseAction = 'learn' | 'buy' | 'resume-payment' | 'none';

interface LessonRow {
  id: string;
  title: string;
  kindLabel: string;
  lengthLabel: string;
  /** 试看 / 试听 / 试读 for a free lesson, empty otherwise */
  freeLabel: string;
  locked: boolean;
}

interface ChapterView {
  id: string;
  title: string;
  lessons: LessonRow[];
}

interface CourseView {
  id: string;
  title: string;
  subtitle: string;
  instructor: string;
  coverUrl: string;
  description: string;
  learnersText: string;
  lessonCount: number;
}

/** What the caller would pay, as getCourse priced it: the list price struck through when less is asked. */
interface PriceView {
  totalFen: number;
  listFen: number;
  discounted: boolean;
  /** a member price the caller does not get (not a member): shown as a hint */
  memberPriceFen: number | null;
}

const ACTION_LABELS: Record<CourseAction, string> = { learn: '开始学习', buy: '购买', 'resume-payment': '继续支付', none: '' };

const state = instanceState(() => ({ courseId: '', firstLessonId: '', purchaseVersion: 0, reviewVersion: 0, loaded: false }));

/** `open`: every lesson may be studied (owned, or through a membership). */
function toChapters(course: CourseDetail, open: boolean): ChapterView[] {
  return course.chapters.map((chapter) => ({
    id: chapter.id,
    title: chapter.title,
    lessons: chapter.lessons.map((l) => ({
      id: l.id,
      title: l.title,
      kindLabel: lessonKindLabel(l.kind),
      lengthLabel: lessonLengthLabel(l.kind, l.durationSec),
      freeLabel: l.freePreview ? freeLessonLabel(l.kind) : '',
      locked: !open && !l.freePreview,
    })),
  }));
}

definePage({
  data: {
    course: null as CourseView | null,
    chapters: [] as ChapterView[],
    owned: false,
    /** open through a valid membership without owning it: 会员免费学 */
    memberAccess: false,
    /** a small 开通会员 link: the course is open to members, and the caller is not one */
    offerMembership: false,
    price: null as PriceView | null,
    action: 'none' as CourseAction,
    actionLabel: '',
    /** empty where the course may be sold; otherwise why it may not */
    purchaseNotice: '',
    ratingAvg: 0,
    ratingText: '',
    /** the first reviews, the learner's own first */
    reviews: [] as ReviewItem[],
    /** 写评价 / 修改评价 for owners, empty for others */
    reviewActionLabel: '',
  },
  async load(show) {
    const s = state(this);
    if (!s.courseId) throw new CloudError('NOT_FOUND', '没有找到这门课程');
    const [{ course, owned, memberAccess, price, unpaidOrder, reviews }, sellable] = await Promise.all([call('getCourse', { courseId: s.courseId }), canSellHere()]);
    s.loaded = true;
    s.purchaseVersion = purchaseVersion();
    s.reviewVersion = reviewVersion();
    s.firstLessonId = course.chapters.flatMap((c) => c.lessons)[0]?.id ?? '';
    let action: CourseAction = 'none';
    const open = owned || memberAccess;
    if (open) action = s.firstLessonId ? 'learn' : 'none';
    else if (sellable) action = unpaidOrder ? 'resume-payment' : 'buy';
    show({
      course: {
        id: course.id,
        title: course.title,
        subtitle: course.subtitle,
        instructor: course.instructor,
        coverUrl: course.coverUrl,
        description: course.description,
        learnersText: `${formatCount(course.salesCount)} 人学过`,
        lessonCount: course.lessonCount,
      },
      chapters: toChapters(course, open),
      owned,
      memberAccess: memberAccess && !owned,
      // buying a membership is buying: not where nothing may be sold
      offerMembership: !open && course.memberIncluded && sellable,
      price: {
        totalFen: price.totalFen,
        listFen: price.listFen,
        discounted: price.totalFen < price.listFen,
        memberPriceFen: price.memberFen === null ? course.memberPriceFen : null,
      },
      action,
      actionLabel: ACTION_LABELS[action],
      purchaseNotice: open || sellable ? '' : IOS_PURCHASE_NOTICE,
      ratingAvg: course.ratingAvg,
      ratingText: ratingSummary(course.ratingAvg, course.ratingCount),
      reviews: reviews.map(toReviewItem),
      reviewActionLabel: owned ? (reviews.some((r) => r.mine) ? '修改评价' : '写评价') : '',
    });
    wx.setNavigationBarTitle({ title: course.title }).catch(() => undefined);
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      state(this).courseId = query.id ?? '';
      wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] }).catch(() => undefined);
    },

    onShow() {
      // Back from the purchase page: the course may be ours now; from the review editor: a review changed.
      const s = state(this);
      if (s.loaded && (s.purchaseVersion !== purchaseVersion() || s.reviewVersion !== reviewVersion())) this.reload(true);
    },

    onMembership() {
      wx.navigateTo({ url: MEMBERSHIP_URL });
    },

    onWriteReview() {
      wx.navigateTo({ url: reviewEditorUrl(state(this).courseId) });
    },

    onAllReviews() {
      wx.navigateTo({ url: reviewsUrl(state(this).courseId) });
    },

    onLessonTap(e: DatasetEvent<{ id: string; locked: boolean }>) {
      const { id, locked } = e.currentTarget.dataset;
      if (locked) {
        wx.showToast({ title: this.data.purchaseNotice ? '该课时需购买后学习' : '购买后学习', icon: 'none' });
        return;
      }
      wx.navigateTo({ url: lessonUrl(id, state(this).courseId) });
    },

    onAction() {
      const s = state(this);
      switch (this.data.action) {
        case 'learn':
          wx.navigateTo({ url: lessonUrl(s.firstLessonId, s.courseId) });
          break;
        case 'buy':
        case 'resume-payment':
          // createOrder on the purchase page reuses the unpaid order, so both go the same way.
          wx.navigateTo({ url: purchaseUrl(s.courseId) });
          break;
        default:
          break;
      }
    },

    onShareAppMessage() {
      const { course } = this.data;
      const id = course?.id ?? state(this).courseId;
      return {
        title: course?.title ?? '知识小铺',
        path: `/pages/course/index?id=${encodeURIComponent(id)}`,
        ...(course ? { imageUrl: course.coverUrl } : {}),
      };
    },

    onShareTimeline() {
      const { course } = this.data;
      return {
        title: course?.title ?? '知识小铺',
        query: `id=${encodeURIComponent(course?.id ?? state(this).courseId)}`,
        ...(course ? { imageUrl: course.coverUrl } : {}),
      };
    },
  },
});
