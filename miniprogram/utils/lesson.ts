import type { LessonKind } from '../../typings/entities';
import { formatDuration, formatMinutes } from './format';

const KIND_LABELS: Record<LessonKind, string> = { video: '视频', audio: '音频', article: '图文', ebook: '电子书' };

export function lessonKindLabel(kind: LessonKind): string {
  return KIND_LABELS[kind];
}

/** Media lessons show their length, reading lessons their reading time. */
export function lessonLengthLabel(kind: LessonKind, durationSec: number): string {
  return kind === 'video' || kind === 'audio' ? formatDuration(durationSec) : formatMinutes(durationSec);
}

/** The lesson page's route; the course id lets it send a learner who has not bought it to the course. */
export function lessonUrl(lessonId: string, courseId: string): string {
  return `/pages/lesson/index?id=${encodeURIComponent(lessonId)}&courseId=${encodeURIComponent(courseId)}`;
}

export function courseUrl(courseId: string): string {
  return `/pages/course/index?id=${encodeURIComponent(courseId)}`;
}

export function purchaseUrl(courseId: string): string {
  return `/pages/purchase/index?courseId=${encodeURIComponent(courseId)}`;
}
