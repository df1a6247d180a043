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
    expect(find(card, '.member-badge')).toBeFalsy();
  });

  it('says 已购买 instead of the price when owned, or what the list calls it', async () => {
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard({ owned: true, memberIncluded: true })) });
    await settle();
    expect(text(card, '.owned')).toBe('已购买');
    expect(find(card, '.price')).toBeFalsy();
    // nothing to offer members on a course they own
    expect(find(card, '.member-badge')).toBeFalsy();
    const inBundle = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard({ owned: true })), ownedText: '已拥有' });
    await settle();
    expect(text(inBundle, '.owned')).toBe('已拥有');
  });

  it('hides the price where it may not be shown', async () => {
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard()), hidePrice: true });
    await settle();
    expect(find(card, '.price')).toBeFalsy();
    expect(text(card, '.title')).toBe('高效时间管理 21 讲');
  });

  it('badges a course open to members 会员免费, even where prices are hidden', async () => {
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard({ memberIncluded: true, memberPriceFen: 4900 })), hidePrice: true });
    await settle();
    expect(text(card, '.member-badge')).toBe('会员免费');
    expect(find(card, '.price')).toBeFalsy();
  });

  it('badges a member price 会员价, but not where prices are hidden', async () => {
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard({ memberPriceFen: 4900 })) });
    await settle();
    expect(text(card, '.member-badge')).toBe('会员价 ¥49.00');
    expect(text(card, '.price >>> .price')).toBe('¥99.00');
    const hidden = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard({ memberPriceFen: 4900 })), hidePrice: true });
    await settle();
    expect(find(hidden, '.member-badge')).toBeFalsy();
    expect(find(hidden, '.member-price')).toBeFalsy();
  });

  it('opens the course page on tap', async () => {
    const nav = spyNavigation();
    const card = loadComponent('components/course-card/index', { course: toCourseCardView(courseCard()) });
    await tap(card, '.card');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/course/index?id=course-time' });
  });

  it('keeps only what it shows', () => {
    expect(Object.keys(toCourseCardView(courseCard())).sort()).toEqual(
      ['coverUrl', 'id', 'instructor', 'learnersText', 'memberIncluded', 'memberPriceFen', 'owned', 'priceFen', 'title'].sort(),
    );
  });
});
