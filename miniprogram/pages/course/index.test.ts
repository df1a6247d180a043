import { describe, expect, it, vi } from 'vitest';
import { chapters, courseAnswer, courseDetail, loginAnswer, orderView, priceBreakdown, reviewView } from '../../../test/miniprogram/fixtures';
import {
  fail,
  find,
  loadPage,
  ok,
  pageInstance,
  setPlatform,
  settle,
  show,
  spyNavigation,
  spyToast,
  stubCloud,
  tap,
  text,
  texts,
} from '../../../test/miniprogram/harness';

type CoursePage = { onShareAppMessage(): unknown; onShareTimeline(): unknown };

const notOwned = () => ok(courseAnswer());

describe('course page', () => {
  it('shows the course from one getCourse call', async () => {
    const calls = stubCloud({ getCourse: notOwned });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    expect(find(page, '.state >>> .loading')).toBeTruthy();
    await settle();
    expect(calls).toHaveBeenCalledTimes(1);
    expect(calls.mock.calls[0][0]).toMatchObject({ name: 'getCourse', data: { courseId: 'course-time' } });
    expect(text(page, '.title')).toBe('高效时间管理 21 讲');
    expect(text(page, '.instructor')).toBe('讲师 林晓');
    expect(text(page, '.description')).toContain('目标拆分');
    expect(text(page, '.price >>> .price')).toBe('¥99.00');
    expect(find(page, '.cover')!.instance.data.src).toBe('https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test');
    expect(texts(page, '.chapter-title')).toEqual(['第一章 认识时间', '第二章 精力管理']);
    expect(texts(page, '.lesson-title')).toEqual(['开篇：你的时间去哪了', '时间日志怎么记', '番茄工作法', '每周复盘模板']);
    expect(texts(page, '.lesson-meta')).toEqual(['视频 · 04:05', '图文 · 5 分钟', '音频 · 10:20', '电子书 · 10 分钟']);
    // a free video is watched, a free article read
    expect(texts(page, '.free-tag')).toEqual(['试看', '试读']);
    expect(texts(page, '.locked-label')).toEqual(['购买后学习', '购买后学习']);
    expect(text(page, '.action')).toBe('购买');
    expect(text(page, '.copyright')).toContain('著作权');
  });

  it('labels a free audio lesson 试听', async () => {
    const withFreeAudio = chapters.map((ch) => ({ ...ch, lessons: ch.lessons.map((l) => ({ ...l, freePreview: l.kind === 'audio' })) }));
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ chapters: withFreeAudio }), owned: false, unpaidOrder: null, reviews: [] })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(texts(page, '.free-tag')).toEqual(['试听']);
  });

  it('opens a free lesson, and says 购买后学习 for a paid one', async () => {
    const nav = spyNavigation();
    const toast = spyToast();
    stubCloud({ getCourse: notOwned });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    await tap(page, '.lesson');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
    await tap(page, '.lesson--locked');
    expect(toast).toHaveBeenCalledWith({ title: '购买后学习', icon: 'none' });
    expect(nav.navigateTo).toHaveBeenCalledTimes(1);
  });

  it('goes to the purchase page on 购买', async () => {
    const nav = spyNavigation();
    stubCloud({ getCourse: notOwned });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    await tap(page, '.action', '.t-button');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/purchase/index?courseId=course-time' });
  });

  it('offers 继续支付 for an unpaid order', async () => {
    const nav = spyNavigation();
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail(), owned: false, unpaidOrder: orderView(), reviews: [] })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.action')).toBe('继续支付');
    await tap(page, '.action', '.t-button');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/purchase/index?courseId=course-time' });
  });

  it('offers 开始学习 when owned, with every lesson open', async () => {
    const nav = spyNavigation();
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ owned: true }), owned: true, unpaidOrder: null, reviews: [] })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.action')).toBe('开始学习');
    expect(text(page, '.owned')).toBe('已购买');
    expect(find(page, '.lesson--locked')).toBeFalsy();
    expect(find(page, '.action-price')).toBeFalsy();
    await tap(page, '.action', '.t-button');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
  });

  it('on iOS shows no price and no buy button, and says why', async () => {
    setPlatform('ios');
    stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'cloudpay' } })), getCourse: () => ok(courseAnswer({ course: courseDetail(), owned: false, unpaidOrder: orderView(), reviews: [] })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(find(page, '.price')).toBeFalsy();
    expect(find(page, '.action')).toBeFalsy();
    expect(text(page, '.purchase-notice')).toBe('由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程');
    // free previews stay open
    const nav = spyNavigation();
    await tap(page, '.lesson');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
  });

  it('on iOS sells when login says virtual payment (xpay) pays there', async () => {
    setPlatform('ios');
    const calls = stubCloud({
      login: () => ok(loginAnswer({ payment: { provider: 'xpay' } })),
      getCourse: () => ok(courseAnswer({ course: courseDetail(), owned: false, unpaidOrder: null, reviews: [] })),
    });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.price')).toBe('¥99.00');
    expect(text(page, '.action')).toBe('购买');
    expect(find(page, '.purchase-notice')).toBeFalsy();
    expect(calls).toHaveBeenCalledWith(expect.objectContaining({ name: 'login', data: { platform: 'ios' } }));
    const nav = spyNavigation();
    await tap(page, '.action', '.t-button');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/purchase/index?courseId=course-time' });
  });

  it('on iOS keeps owned content available', async () => {
    setPlatform('ios');
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ owned: true }), owned: true, unpaidOrder: null, reviews: [] })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.action')).toBe('开始学习');
    expect(find(page, '.purchase-notice')).toBeFalsy();
    expect(find(page, '.lesson--locked')).toBeFalsy();
  });

  it('shares the course as the card', async () => {
    vi.spyOn(wx, 'showShareMenu').mockResolvedValue({ errMsg: 'showShareMenu:ok' } as never);
    stubCloud({ getCourse: notOwned });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    const instance = pageInstance<CoursePage>(page);
    expect(instance.onShareAppMessage()).toEqual({
      title: '高效时间管理 21 讲',
      path: '/pages/course/index?id=course-time',
      imageUrl: 'https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test',
    });
    expect(instance.onShareTimeline()).toEqual({
      title: '高效时间管理 21 讲',
      query: 'id=course-time',
      imageUrl: 'https://env-test.tcb.qcloud.la/covers/cover-1.png?sign=test',
    });
    expect(wx.showShareMenu).toHaveBeenCalledWith({ menus: ['shareAppMessage', 'shareTimeline'] });
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ getCourse: () => (++attempt === 1 ? fail('NOT_FOUND', '课程不存在或已下架') : notOwned()) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('课程不存在或已下架');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(text(page, '.title')).toBe('高效时间管理 21 讲');
  });

  it('says so without a course id, and calls nothing', async () => {
    const calls = stubCloud({ getCourse: notOwned });
    const page = loadPage('pages/course/index', {});
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('没有找到这门课程');
    expect(calls).not.toHaveBeenCalled();
  });

  it('does not reload when shown again with nothing bought', async () => {
    const calls = stubCloud({ getCourse: notOwned });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    await show(page);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('shows the rating with stars, the first reviews (the learner’s own first, 审核中) and 写评价 / 修改评价 for owners', async () => {
    const nav = spyNavigation();
    const reviews = [reviewView({ id: 'rv_mine', mine: true, status: 'pending', authorName: '我', content: '还在审核的评价' }), reviewView({ reply: { content: '感谢支持', repliedAt: 0 } })];
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ owned: true, ratingAvg: 4.5, ratingCount: 12 }), owned: true, unpaidOrder: null, reviews })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.rating-text')).toBe('4.5 分 · 12 条评价');
    expect(find(page, '.rating-stars')!.instance.data).toMatchObject({ value: 4.5, disabled: true });
    const items = pageInstance<object, { reviews: { authorName: string; statusLabel: string; replyText: string }[] }>(page).data.reviews;
    expect(items.map((r) => [r.authorName, r.statusLabel, r.replyText])).toEqual([
      ['我（我）', '审核中', ''],
      ['小林', '', '感谢支持'],
    ]);
    expect(text(page, '.write-review')).toBe('修改评价');
    await tap(page, '.write-review', '.t-button');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/review-editor/index?courseId=course-time' });
    await tap(page, '.all-reviews');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/reviews/index?courseId=course-time' });
  });

  it('says 暂无评价 and offers no 写评价 to a learner who does not own the course', async () => {
    stubCloud({ getCourse: notOwned });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.rating-text')).toBe('暂无评价');
    expect(find(page, '.write-review')).toBeUndefined();
    expect(find(page, '.all-reviews')).toBeUndefined();
  });

  it('opens every lesson to a member, says 会员免费学 and links to the membership page', async () => {
    const nav = spyNavigation();
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ memberIncluded: true }), memberAccess: true })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(find(page, '.lesson--locked')).toBeFalsy();
    expect(find(page, '.free-tag')).toBeFalsy();
    expect(text(page, '.member-free')).toBe('会员免费学');
    // nothing to buy: no price, no 购买
    expect(find(page, '.price')).toBeFalsy();
    expect(find(page, '.action-price')).toBeFalsy();
    expect(text(page, '.action')).toBe('开始学习');
    expect(text(page, '.member-note')).toBe('会员免费学 · 无需购买 ›');
    await tap(page, '.action', '.t-button');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/lesson/index?id=lesson-1&courseId=course-time' });
    await tap(page, '.member-note');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/membership/index' });
  });

  it('offers 开通会员 on a course open to members, to a learner who is not one', async () => {
    const nav = spyNavigation();
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ memberIncluded: true }) })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.action')).toBe('购买');
    expect(texts(page, '.locked-label')).toHaveLength(2);
    await tap(page, '.join-member');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/membership/index' });
  });

  it('shows the member price the server asks of a member, the list price struck through', async () => {
    stubCloud({
      getCourse: () => ok(courseAnswer({ course: courseDetail({ memberPriceFen: 4900 }), price: priceBreakdown({ listFen: 9900, memberFen: 4900, totalFen: 4900 }) })),
    });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.price >>> .price')).toBe('¥49.00');
    expect(text(page, '.list-price >>> .price')).toBe('¥99.00');
    expect(find(page, '.list-price >>> .price--struck')).toBeTruthy();
    expect(text(page, '.action-price >>> .price')).toBe('¥49.00');
    // the member price applies: no hint of it
    expect(find(page, '.member-price-hint')).toBeFalsy();
    expect(find(page, '.join-member')).toBeFalsy();
  });

  it('hints at the member price to a learner who is not a member, at the list price', async () => {
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ memberPriceFen: 4900 }) })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(text(page, '.price >>> .price')).toBe('¥99.00');
    expect(find(page, '.list-price')).toBeFalsy();
    expect(text(page, '.member-price-hint')).toBe('会员价 ¥49.00');
  });

  it('on iOS shows no member price and offers no membership', async () => {
    setPlatform('ios');
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ memberIncluded: true, memberPriceFen: 4900 }) })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(find(page, '.member-price-hint')).toBeFalsy();
    expect(find(page, '.join-member')).toBeFalsy();
    expect(find(page, '.price')).toBeFalsy();
  });

  it('on iOS still opens a member the lessons of a course open to members', async () => {
    setPlatform('ios');
    stubCloud({ getCourse: () => ok(courseAnswer({ course: courseDetail({ memberIncluded: true }), memberAccess: true })) });
    const page = loadPage('pages/course/index', { id: 'course-time' });
    await settle();
    expect(find(page, '.lesson--locked')).toBeFalsy();
    expect(find(page, '.purchase-notice')).toBeFalsy();
    expect(text(page, '.action')).toBe('开始学习');
  });
});
