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

/** What a free lesson lets a visitor do: watch (试看), listen (试听) or read (试读). */
export function freeLessonLabel(kind: LessonKind): string {
  return kind === 'audio' ? '试听' : kind === 'video' ? '试看' : '试读';
}

/**
 * Where a lesson will open, as the learner reads it: "从 03:12 继续" for video
 * and audio, "从第 3 页继续" for an e-book (positions are page indexes), a plain
 * word for an article (its scroll offset means nothing to a reader), "" at the start.
 */
export function resumeLabel(kind: LessonKind, position: number): string {
  if (position <= 0) return '';
  if (kind === 'video' || kind === 'audio') return position >= 1 ? `从 ${formatDuration(position)} 继续` : '';
  if (kind === 'ebook') return `从第 ${Math.floor(position) + 1} 页继续`;
  return '从上次读到的地方继续';
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

/** 我的提问: a paid question's order is paid and followed there */
export const MY_QUESTIONS_URL = '/pages/my-questions/index';
