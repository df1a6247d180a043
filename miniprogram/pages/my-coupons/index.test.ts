import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import type { PaymentProviderName } from '../../../database-schema/common';
import type { ClaimableCouponView } from '../../../typings/pricing-api';
import { claimableCoupon, couponView, loginAnswer } from '../../../test/miniprogram/fixtures';
import { emit, fail, find, loadPage, ok, pageInstance, setPlatform, settle, spyToast, stubCloud, tap, text, texts } from '../../../test/miniprogram/harness';

const usable = [couponView(), couponView({ id: 'cp-2', title: '九折券', discountText: '9折', scopeText: '指定课程可用', status: 'reserved', orderId: 'order-1' })];

function couponCloud(
  claimables: ClaimableCouponView[] = [claimableCoupon(), claimableCoupon({ templateId: 'tpl-gone', title: '限量券', remaining: 0, canClaim: false })],
  provider: PaymentProviderName = 'cloudpay',
) {
  const requests: RequestOf<'listCoupons'>[] = [];
  const calls = stubCloud({
    login: () => ok(loginAnswer({ payment: { provider } })),
    listCoupons: (req) => {
      requests.push(req);
      if (req.status === 'usable') return ok({ items: usable });
      if (req.status === 'used') return ok({ items: [couponView({ id: 'cp-0', status: 'used', orderId: 'order-0' })] });
      return ok({ items: [] });
    },
    listClaimableCoupons: () => ok({ items: claimables }),
  });
  return { calls, requests };
}

describe('my coupons page', () => {
  it('opens on 可使用: each coupon with its discount, scope and validity', async () => {
    const { requests } = couponCloud();
    const page = loadPage('pages/my-coupons/index');
    expect(find(page, '.state >>> .loading')).toBeTruthy();
    await settle();
    expect(requests).toEqual([{ status: 'usable' }]);
    expect(texts(page, '.tabs >>> .t-tabs__item')).toEqual(['可领取', '可使用', '已使用', '已过期']);
    expect(texts(page, '.mine .coupon-title')).toEqual(['新人专享券', '九折券']);
    expect(texts(page, '.mine .discount')).toEqual(['满50减20', '9折']);
    expect(texts(page, '.mine .scope')).toEqual(['全场通用', '指定课程可用']);
    expect(texts(page, '.mine .validity')).toEqual(['2025-03-08 至 2099-01-01', '2025-03-08 至 2099-01-01']);
    // one is held by an unpaid order
    expect(texts(page, '.note')).toEqual(['待支付订单使用中']);
  });

  it('switches tabs: 已使用 and 已过期 from listCoupons, 可领取 from listClaimableCoupons', async () => {
    const { requests, calls } = couponCloud();
    const page = loadPage('pages/my-coupons/index');
    await settle();
    await emit(page, '.tabs', 'change', { value: 'used', label: '已使用' });
    expect(requests.at(-1)).toEqual({ status: 'used' });
    expect(texts(page, '.stamp')).toEqual(['已使用']);
    await emit(page, '.tabs', 'change', { value: 'expired', label: '已过期' });
    expect(requests.at(-1)).toEqual({ status: 'expired' });
    expect(text(page, '.state >>> .empty')).toContain('没有过期的优惠券');
    await emit(page, '.tabs', 'change', { value: 'claimable', label: '可领取' });
    expect(calls.mock.calls.at(-1)![0]).toMatchObject({ name: 'listClaimableCoupons' });
    expect(texts(page, '.claimable .coupon-title')).toEqual(['新人专享券', '限量券']);
    expect(texts(page, '.claimable .validity')).toEqual(['领取后 7 天内有效', '领取后 7 天内有效']);
    expect(texts(page, '.claim')).toEqual(['领取', '已抢光']);
  });

  it('opens on the tab its route names', async () => {
    couponCloud();
    const page = loadPage('pages/my-coupons/index', { tab: 'claimable' });
    await settle();
    expect(pageInstance(page).data.activeTab).toBe('claimable');
    expect(texts(page, '.claim')).toEqual(['领取', '已抢光']);
  });

  it('claims a coupon, then shows the template as the server now answers it', async () => {
    const toast = spyToast();
    let claimed = 0;
    const claims: string[] = [];
    stubCloud({
      listClaimableCoupons: () => ok({ items: [claimableCoupon({ claimedByMe: claimed, canClaim: claimed < 1, remaining: 88 - claimed })] }),
      claimCoupon: ({ templateId }) => {
        claims.push(templateId);
        claimed += 1;
        return ok({ coupon: couponView() });
      },
    });
    const page = loadPage('pages/my-coupons/index', { tab: 'claimable' });
    await settle();
    await tap(page, '.claim', '.t-button');
    await settle();
    expect(claims).toEqual(['tpl-new']);
    expect(toast).toHaveBeenCalledWith({ title: '领取成功', icon: 'success' });
    expect(texts(page, '.claim')).toEqual(['已领取']);
    // a button that cannot claim asks nothing
    await tap(page, '.claim', '.t-button');
    expect(claims).toEqual(['tpl-new']);
  });

  it.each([
    ['COUPON_SOLD_OUT', '优惠券已被领完'],
    ['COUPON_LIMIT_REACHED', '你已领过这张优惠券，领取次数已用完'],
  ] as const)('says why a claim was refused (%s), and asks again', async (code, message) => {
    const toast = spyToast();
    let lists = 0;
    stubCloud({
      listClaimableCoupons: () => ((lists += 1), ok({ items: [claimableCoupon()] })),
      claimCoupon: () => fail(code, 'server wording'),
    });
    const page = loadPage('pages/my-coupons/index', { tab: 'claimable' });
    await settle();
    await tap(page, '.claim', '.t-button');
    await settle();
    expect(toast).toHaveBeenCalledWith({ title: message, icon: 'none' });
    expect(lists).toBe(2);
  });

  it('says so when there is nothing to claim', async () => {
    couponCloud([]);
    const page = loadPage('pages/my-coupons/index', { tab: 'claimable' });
    await settle();
    expect(text(page, '.state >>> .empty')).toContain('暂时没有可领取的优惠券');
  });

  it('on iOS shows no coupons, only why', async () => {
    setPlatform('ios');
    const { calls } = couponCloud();
    const page = loadPage('pages/my-coupons/index');
    await settle();
    expect(text(page, '.purchase-notice')).toBe('由于苹果公司政策，iOS 用户暂不支持在小程序内购买课程');
    expect(find(page, '.coupon')).toBeFalsy();
    // login named cloudpay for iOS: no coupon is even asked for
    expect(calls.mock.calls.map((c) => (c[0] as { name: string; data: unknown }))).toEqual([{ name: 'login', data: { platform: 'ios' } }]);
  });

  it('on iOS with virtual payment (xpay) shows the coupons', async () => {
    setPlatform('ios');
    const { requests } = couponCloud(undefined, 'xpay');
    const page = loadPage('pages/my-coupons/index');
    await settle();
    expect(find(page, '.purchase-notice')).toBeFalsy();
    expect(requests).toEqual([{ status: 'usable' }]);
    expect(find(page, '.coupon')).toBeTruthy();
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ listCoupons: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok({ items: usable })) });
    const page = loadPage('pages/my-coupons/index');
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(texts(page, '.mine .coupon-title')).toHaveLength(2);
  });
});
