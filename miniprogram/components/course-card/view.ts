/** The course card's view of a course, kept apart from index.ts, whose import would register the component again. */
import type { CourseCard } from '../../../typings/entities';
import { formatCount } from '../../utils/format';

/** What a card shows: no more of the course than that, to keep setData small. */
export interface CourseCardView {
  id: string;
  title: string;
  instructor: string;
  coverUrl: string;
  priceFen: number;
  owned: boolean;
  learnersText: string;
  /** the 会员 badge: 会员免费, or a member price (shown only where prices may be) */
  memberIncluded: boolean;
  memberPriceFen: number | null;
}

export function toCourseCardView(course: CourseCard): CourseCardView {
  return {
    id: course.id,
    title: course.title,
    instructor: course.instructor,
    coverUrl: course.coverUrl,
    priceFen: course.priceFen,
    owned: course.owned,
    learnersText: `${formatCount(course.salesCount)} 人学过`,
    memberIncluded: course.memberIncluded,
    memberPriceFen: course.memberPriceFen,
  };
}

