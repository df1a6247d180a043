import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loginAnswer, userProfile } from '../../../test/miniprogram/fixtures';
import { fail, find, loadPage, ok, setPlatform, settle, spyNavigation, spyToast, stubCloud, tap, text } from '../../../test/miniprogram/harness';

const AVATAR = 'cloud://env-test.7465-env-test/avatars/o6_bmjrPTlm6_2sgVt7hMZOPfL2M/1741413900000.jpeg';

describe('me page', () => {
  it('shows the learner from login', async () => {
    const calls = stubCloud({ login: () => ok(loginAnswer({ user: userProfile({ nickname: '小林', avatarFileId: AVATAR }) })) });
    const page = loadPage('pages/me/index');
    expect(find(page, '.state >>> .loading')).toBeTruthy();
    await settle();
    expect(page.instance.data.nickname).toBe('小林');
    expect(find(page, '.avatar')!.instance.data.image).toBe(AVATAR);
    expect(text(page, '.copyright')).toContain('著作权');
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('asks for avatar and nickname the way WeChat now requires', () => {
    // the simulator does not expose native attributes: check the template itself
    const wxml = readFileSync(path.join(import.meta.dirname, 'index.wxml'), 'utf8');
    expect(wxml).toMatch(/<button class="avatar-button" open-type="chooseAvatar"[^>]*bind:chooseavatar="onChooseAvatar"/);
    expect(wxml).toMatch(/<input class="nickname-input" type="nickname"/);
  });

  it('uploads a chosen avatar, then saves its file ID', async () => {
    spyToast();
    vi.spyOn(Date, 'now').mockReturnValue(1741413900000);
    const updates: unknown[] = [];
    stubCloud({
      login: () => ok(loginAnswer()),
      updateProfile: (req) => {
        updates.push(req);
        return ok({ user: userProfile({ avatarFileId: req.avatarFileId }) });
      },
    });
    const upload = vi.spyOn(wx.cloud, 'uploadFile').mockResolvedValue({ fileID: AVATAR, statusCode: 200, errMsg: 'cloud.uploadFile:ok' } as never);
    const page = loadPage('pages/me/index');
    await settle();
    find(page, '.avatar-button')!.dispatchEvent('chooseavatar', { detail: { avatarUrl: 'wxfile://tmp_8f3a.jpeg' } });
    await settle();
    expect(upload).toHaveBeenCalledWith({ cloudPath: 'avatars/o6_bmjrPTlm6_2sgVt7hMZOPfL2M/1741413900000.jpeg', filePath: 'wxfile://tmp_8f3a.jpeg' });
    expect(updates).toEqual([{ avatarFileId: AVATAR }]);
    expect(find(page, '.avatar')!.instance.data.image).toBe(AVATAR);
  });

  it('says so when the avatar upload fails, and saves nothing', async () => {
    const toast = spyToast();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const calls = stubCloud({ login: () => ok(loginAnswer()) });
    vi.spyOn(wx.cloud, 'uploadFile').mockRejectedValue(new Error('uploadFile:fail'));
    const page = loadPage('pages/me/index');
    await settle();
    find(page, '.avatar-button')!.dispatchEvent('chooseavatar', { detail: { avatarUrl: 'wxfile://tmp_8f3a.jpeg' } });
    await settle();
    expect(toast).toHaveBeenCalledWith({ title: '头像上传失败，请重试', icon: 'none' });
    expect(calls).toHaveBeenCalledTimes(1);
    expect(page.instance.data.savingAvatar).toBe(false);
  });

  it('saves a new nickname, and nothing when it did not change', async () => {
    spyToast();
    const updates: unknown[] = [];
    stubCloud({
      login: () => ok(loginAnswer()),
      updateProfile: (req) => {
        updates.push(req);
        return ok({ user: userProfile({ nickname: req.nickname }) });
      },
    });
    const page = loadPage('pages/me/index');
    await settle();
    const input = find(page, '.nickname-input')!;
    input.dispatchEvent('blur', { detail: { value: '微信用户' } });
    await settle();
    input.dispatchEvent('blur', { detail: { value: '  小林  ' } });
    await settle();
    expect(updates).toEqual([{ nickname: '小林' }]);
    expect(page.instance.data.nickname).toBe('小林');
  });

  it('shows the server message when the nickname is refused', async () => {
    const toast = spyToast();
    stubCloud({
      login: () => ok(loginAnswer()),
      updateProfile: () => fail('INVALID_INPUT', '昵称包含不支持的内容'),
    });
    const page = loadPage('pages/me/index');
    await settle();
    find(page, '.nickname-input')!.dispatchEvent('confirm', { detail: { value: '新名字' } });
    await settle();
    expect(toast).toHaveBeenCalledWith({ title: '昵称包含不支持的内容', icon: 'none' });
    expect(page.instance.data.nickname).toBe('微信用户');
  });

  it('opens my orders and the about dialog', async () => {
    const nav = spyNavigation();
    const modal = vi.spyOn(wx, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never);
    stubCloud({ login: () => ok(loginAnswer()) });
    const page = loadPage('pages/me/index');
    await settle();
    await tap(page, '.orders', '.t-cell');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/index' });
    await tap(page, '.about', '.t-cell');
    expect(modal.mock.calls[0][0]).toMatchObject({ title: '关于知识小铺', showCancel: false });
  });

  it('opens 会员中心 and 我的优惠券', async () => {
    const nav = spyNavigation();
    stubCloud({ login: () => ok(loginAnswer()) });
    const page = loadPage('pages/me/index');
    await settle();
    await tap(page, '.membership', '.t-cell');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/membership/index' });
    await tap(page, '.my-coupons', '.t-cell');
    expect(nav.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/my-coupons/index' });
  });

  it('offers no coupons on iOS, where nothing is sold', async () => {
    setPlatform('ios');
    stubCloud({ login: () => ok(loginAnswer()) });
    const page = loadPage('pages/me/index');
    await settle();
    expect(find(page, '.my-coupons')).toBeFalsy();
    expect(find(page, '.membership')).toBeTruthy();
  });

  it('offers coupons on iOS when login says xpay pays there, and the app keeps that answer', async () => {
    setPlatform('ios');
    const calls = stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'xpay' } })) });
    const page = loadPage('pages/me/index');
    await settle();
    expect(find(page, '.my-coupons')).toBeTruthy();
    expect(calls).toHaveBeenCalledWith(expect.objectContaining({ name: 'login', data: { platform: 'ios' } }));
    // a page asking after this one needs no second login
    const home = loadPage('pages/home/index');
    await settle();
    expect(home.instance.data.hidePrices).toBe(false);
    expect(calls.mock.calls.filter((c) => (c[0] as { name: string }).name === 'login')).toHaveLength(1);
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({ login: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok(loginAnswer())) });
    const page = loadPage('pages/me/index');
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(page.instance.data.nickname).toBe('微信用户');
  });
});
