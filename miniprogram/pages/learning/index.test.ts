import { describe, expect, it, vi } from 'vitest';
import { courseCard, myCourseItem } from '../../../test/miniprogram/fixtures';
import { fail, lifecycle, loadPage, ok, settle, show, spyNavigation, stubCloud, tap, text, texts } from '../../../test/miniprogram/harness';

const items = [
  myCourseItem(),
  myCourseItem({
    course: courseCard({ id: 'course-ts', title: 'TypeScript 从入门到实战', owned: true }),
    completedLessons: 0,
    totalLessons: 6,
    progressPercent: 0,
    continueLesson: { id: 'ts-1', title: '为什么要用 TypeScript', kind: 'video', positionSec: 0 },
    lastStudiedAt: null,
  }),
  myCourseItem({ course: courseCard({ id: 'course-sleep', title: '睡个好觉', owned: true }), completedLessons: 3, totalLessons: 3, progressPercent: 100 }),
  myCourseItem({
    course: courseCard({ id: 'course-japanese', title: '日语五十音', owned: true }),
    completedLessons: 1,
    totalLessons: 5,
    progressPercent: 37,
    continueLesson: { id: 'jp-3', title: 'さ行 发音', kind: 'audio', positionSec: 192 },
  }),
];

describe('learning page', () => {
  it('lists owned courses with their progress', async () => {
    const calls = stubCloud({ myCourses: () => ok({ items }) });
    const page = loadPage('pages/learning/index');
    await settle();
    expect(texts(page, '.title')).toEqual(['高效时间管理 21 讲', 'TypeScript 从入门到实战', '睡个好觉', '日语五十音']);
    // the percentage is the share of lesson time learned, which the lesson count alone would not give (1/5 is 20 %)
    expect(texts(page, '.progress-text')).toEqual(['已学 25% · 1/4 讲', '已学 0% · 0/6 讲', '已学完', '已学 37% · 1/5 讲']);
    expect(texts(page, '.continue')).toEqual(['继续学习', '开始学习', '再学一遍', '继续学习']);
    // where to go on, from the last position; nothing for a course not started or finished
    expect(texts(page, '.continue-text')).toEqual(['继续学习: 时间日志怎么记', '继续学习: さ行 发音 · 从 03:12 继续']);
    expect(texts(page, '.last-studied')[0]).toBe('上次学习 2025-03-08 14:05');
    expect(page.instance.data.items.map((i: { percent: number }) => i.percent)).toEqual([25, 0, 100, 37]);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('continues where the learner left, or opens the course', async () => {
    const nav = spyNavigation();
    stubCloud({ myCourses: () => ok({ items: [myCourseItem(), myCourseItem({ continueLesson: null })] }) });
    const page = loadPage('pages/learning/index');
    await settle();
    await tap(page, '.continue', '.t-button');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/lesson/index?id=lesson-2&courseId=course-time' });
    await tap(page, '.item-main');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/course/index?id=course-time' });
    const second = page.querySelectorAll('.continue')[1];
    second.querySelector('.t-button')!.dispatchEvent('tap');
    await settle();
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/course/index?id=course-time' });
  });

  it('does not reload on show when nothing changed', async () => {
    const calls = stubCloud({ myCourses: () => ok({ items }) });
    const page = loadPage('pages/learning/index');
    await settle();
    await show(page);
    await show(page);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('refreshes on pull down', async () => {
    const stop = vi.spyOn(wx, 'stopPullDownRefresh').mockImplementation(() => undefined);
    let n = 1;
    stubCloud({ myCourses: () => ok({ items: items.slice(0, n++) }) });
    const page = loadPage('pages/learning/index');
    await settle();
    await lifecycle(page, 'onPullDownRefresh');
    expect(texts(page, '.title')).toHaveLength(2);
    expect(stop).toHaveBeenCalled();
  });

  it('says so when nothing is bought, and offers the shop', async () => {
    const nav = spyNavigation();
    stubCloud({ myCourses: () => ok({ items: [] }) });
    const page = loadPage('pages/learning/index');
    await settle();
    expect(text(page, '.state >>> .empty')).toContain('还没有购买课程');
    await tap(page, '.state >>> .empty-action', '.t-button');
    expect(nav.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ myCourses: () => (++attempt === 1 ? fail('UNAUTHENTICATED', '请先登录') : ok({ items })) });
    const page = loadPage('pages/learning/index');
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('请先登录');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(texts(page, '.title')).toHaveLength(4);
  });
});
