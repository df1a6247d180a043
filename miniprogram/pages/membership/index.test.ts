import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../typings/api';
import { planView } from '../../../test/miniprogram/fixtures';
import { fail, find, loadPage, ok, setPlatform, settle, spyNavigation, stubCloud, tap, text, texts } from '../../../test/miniprogram/harness';

function plansAnswer(overrides: Partial<ResponseOf<'listPlans'>> = {}): ResponseOf<'listPlans'> {
  return {
    plans: [planView(), planView({ id: 'plan-month', title: '月度会员', days: 30, priceFen: 2900, benefits: ['会员课程免费学'] })],
    membership: { active: false, until: null },
    memberCourseCount: 12,
    ...overrides,
  };
}

describe('membership page', () => {
  it('shows 未开通, the member courses and the plans with benefits and price', async () => {
    const calls = stubCloud({ listPlans: () => ok(plansAnswer()) });
    const page = loadPage('pages/membership/index');
    expect(find(page, '.state >>> .loading')).toBeTruthy();
    await settle();
    expect(calls).toHaveBeenCalledTimes(1);
    expect(text(page, '.membership')).toBe('未开通');
    expect(text(page, '.member-courses')).toBe('会员可免费学 12 门课程');
    expect(texts(page, '.plan-title')).toEqual(['年度会员', '月度会员']);
    expect(texts(page, '.plan-days')).toEqual(['365 天', '30 天']);
    expect(texts(page, '.benefit')).toEqual(['· 会员课程免费学', '· 指定课程会员价', '· 会员课程免费学']);
    expect(texts(page, '.plan-price >>> .price')).toEqual(['¥199.00', '¥29.00']);
    expect(texts(page, '.buy')).toEqual(['立即开通', '立即开通']);
  });

  it('shows a member the end of their membership, in Beijing time, and offers 续费', async () => {
    // 2026-06-30 23:30 in Shanghai
    stubCloud({ listPlans: () => ok(plansAnswer({ membership: { active: true, until: Date.UTC(2026, 5, 30, 15, 30) } })) });
    const page = loadPage('pages/membership/index');
    await settle();
    expect(text(page, '.membership')).toBe('有效期至 2026-06-30');
    expect(find(page, '.status-card--active')).toBeTruthy();
    expect(texts(page, '.buy')).toEqual(['续费', '续费']);
  });

  it('says 已过期 for a membership that ended', async () => {
    stubCloud({ listPlans: () => ok(plansAnswer({ membership: { active: false, until: Date.UTC(2025, 0, 1) } })) });
    const page = loadPage('pages/membership/index');
    await settle();
    expect(text(page, '.membership')).toBe('已过期');
    expect(find(page, '.status-card--expired')).toBeTruthy();
  });

  it('buys a plan on the purchase page', async () => {
    const nav = spyNavigation();
    stubCloud({ listPlans: () => ok(plansAnswer()) });
    const page = loadPage('pages/membership/index');
    await settle();
    page.querySelectorAll('.buy')[1].querySelector('.t-button')!.dispatchEvent('tap');
    await settle();
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/purchase/index?kind=membership&id=plan-month' });
  });

  it('on iOS shows the membership and benefits but no price and no buy button', async () => {
    setPlatform('ios');
    stubCloud({ listPlans: () => ok(plansAnswer({ membership: { active: true, until: Date.UTC(2026, 5, 30, 15, 30) } })) });
    const page = loadPage('pages/membership/index');
    await settle();
    expect(text(page, '.membership')).toBe('有效期至 2026-06-30');
    expect(texts(page, '.plan-title')).toHaveLength(2);
    expect(find(page, '.plan-price')).toBeFalsy();
    expect(find(page, '.buy')).toBeFalsy();
    expect(text(page, '.purchase-notice')).toBe('由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程');
  });

  it('says so when no plan is on sale to someone never a member', async () => {
    stubCloud({ listPlans: () => ok(plansAnswer({ plans: [], memberCourseCount: 0 })) });
    const page = loadPage('pages/membership/index');
    await settle();
    expect(text(page, '.state >>> .empty')).toContain('会员暂未开放');
  });

  it('still shows a member their membership when no plan is on sale', async () => {
    stubCloud({ listPlans: () => ok(plansAnswer({ plans: [], membership: { active: true, until: Date.UTC(2026, 5, 30, 15, 30) } })) });
    const page = loadPage('pages/membership/index');
    await settle();
    expect(text(page, '.membership')).toBe('有效期至 2026-06-30');
    expect(text(page, '.no-plans')).toBe('暂无可开通的会员套餐');
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ listPlans: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok(plansAnswer())) });
    const page = loadPage('pages/membership/index');
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(texts(page, '.plan-title')).toHaveLength(2);
  });
});
