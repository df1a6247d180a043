import type { MyCourseItem } from '../../../typings/entities';
import { call } from '../../services/cloud';
import { learningVersion } from '../../services/freshness';
import { definePage } from '../../services/page';
import type { DatasetEvent } from '../../utils/events';
import { formatDateTime } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, lessonUrl, resumeLabel } from '../../utils/lesson';

interface LearningItem {
  courseId: string;
  title: string;
  instructor: string;
  coverUrl: string;
  progressText: string;
  percent: number;
  continueLessonId: string;
  /** "继续学习: <lesson> · 从 03:12 继续" */
  continueText: string;
  actionLabel: string;
  lastStudiedText: string;
}

function toLearningItem(item: MyCourseItem): LearningItem {
  const { course, completedLessons, totalLessons, progressPercent, continueLesson, lastStudiedAt } = item;
  const done = totalLessons > 0 && completedLessons >= totalLessons;
  const started = lastStudiedAt !== null;
  const resume = continueLesson ? resumeLabel(continueLesson.kind, continueLesson.positionSec) : '';
  return {
    courseId: course.id,
    title: course.title,
    instructor: course.instructor,
    coverUrl: course.coverUrl,
    progressText: done ? '已学完' : `已学 ${progressPercent}% · ${completedLessons}/${totalLessons} 讲`,
    percent: done ? 100 : progressPercent,
    continueLessonId: continueLesson?.id ?? '',
    continueText: continueLesson && started && !done ? `继续学习: ${continueLesson.title}${resume ? ` · ${resume}` : ''}` : '',
    actionLabel: !started ? '开始学习' : done ? '再学一遍' : '继续学习',
    lastStudiedText: started ? `上次学习 ${formatDateTime(lastStudiedAt)}` : '还没开始学',
  };
}

const state = instanceState(() => ({ loadedVersion: -1 }));

definePage({
  data: {
    items: [] as LearningItem[],
  },
  pullDownRefresh: true,
  async load(show) {
    const version = learningVersion();
    const { items } = await call('myCourses', {});
    state(this).loadedVersion = version;
    show({ items: items.map(toLearningItem), status: items.length ? 'ready' : 'empty' });
  },
  methods: {
    onShow() {
      // a tab stays alive: reload only when a purchase or progress happened since
      const s = state(this);
      if (s.loadedVersion >= 0 && s.loadedVersion !== learningVersion()) this.reload(true);
    },

    onContinue(e: DatasetEvent<{ index: number }>) {
      const item = this.data.items[e.currentTarget.dataset.index];
      if (!item) return;
      wx.navigateTo({ url: item.continueLessonId ? lessonUrl(item.continueLessonId, item.courseId) : courseUrl(item.courseId) });
    },

    onOpenCourse(e: DatasetEvent<{ index: number }>) {
      const item = this.data.items[e.currentTarget.dataset.index];
      if (item) wx.navigateTo({ url: courseUrl(item.courseId) });
    },

    onBrowse() {
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
