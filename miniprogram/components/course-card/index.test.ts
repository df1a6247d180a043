import { describe, expect, it } from 'vitest';
import { courseCard } from '../../../test/miniprogram/fixtures';
import { find, loadComponent, settle, spyNavigation, tap, text } from '../../../test/miniprogram/harness';
import { toCourseCardView } from './view';

describe('course-card', () => {
  it('shows cover, title, instructor, price and learners', async () => {
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard()) });
    await settle();
    expect(text(card, '.title')).toBe('高效时间管理 21 讲');
    expect(text(card, '.instructor')).toBe('林晓');
    expect(text(card, '.price >>> .price')).toBe('¥99.00');
    expect(text(card, '.learners')).toBe('1.3万 人学过');
    expect(find(card, '.cover')!.instance.data.src).toBe('https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test');
    expect(find(card, '.owned')).toBeFalsy();
  });

  it('says 已购买 instead of the price when owned', async () => {
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard({ owned: true })) });
    await settle();
    expect(text(card, '.owned')).toBe('已购买');
    expect(find(card, '.price')).toBeFalsy();
  });

  it('hides the price where it may not be shown', async () => {
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard()), hidePrice: true });
    await settle();
    expect(find(card, '.price')).toBeFalsy();
    expect(text(card, '.title')).toBe('高效时间管理 21 讲');
  });

  it('opens the course page on tap', async () => {
    const nav = spyNavigation();
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard()) });
    await tap(card, '.card');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/course/index?id=course-time' });
  });

  it('keeps only what it shows', () => {
    expect(Object.keys(toCourseCardView(courseCard())).sort()).toEqual(
      ['coverUrl', 'id', 'instructor', 'learnersText', 'owned', 'priceFen', 'title'].sort(),
    );
  });
});
