import { describe, expect, it, vi } from 'vitest';
import { loginAnswer } from '../../test/miniprogram/fixtures';
import { fail, ok, stubCloud } from '../../test/miniprogram/harness';
import { canSellHere, canSellQuestionsHere, isIOS, learnPaymentProvider, platform, platformField } from './platform';

const device = (name: string) => ({ ...wx.getDeviceInfo(), platform: name }) as WechatMiniprogram.DeviceInfo;
const onDevice = (name: string) => vi.spyOn(wx, 'getDeviceInfo').mockReturnValue(device(name));
const logins = (calls: ReturnType<typeof stubCloud>) => calls.mock.calls.filter((c) => (c[0] as { name: string }).name === 'login');

describe('platform', () => {
  // the harness starts each test as at launch: Android, nothing learned of the provider
  it('names the platform as the functions do, and leaves out one they do not know', () => {
    onDevice('iOS');
    expect(platform()).toBe('ios');
    expect(platformField()).toEqual({ platform: 'ios' });
    onDevice('ohos');
    expect(platform()).toBe('ohos');
    onDevice('linux');
    expect(platform()).toBeUndefined();
    expect(platformField()).toEqual({});
  });

  it('sells on Android, Windows, Mac, HarmonyOS and DevTools without asking login', async () => {
    const calls = stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'cloudpay' } })) });
    for (const name of ['android', 'windows', 'mac', 'ohos', 'devtools']) {
      onDevice(name);
      expect(await canSellHere()).toBe(true);
      expect(canSellQuestionsHere()).toBe(true);
    }
    expect(calls).not.toHaveBeenCalled();
  });

  it('does not sell on iOS when login says cloudpay pays there', async () => {
    onDevice('ios');
    const calls = stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'cloudpay' } })) });
    expect(isIOS()).toBe(true);
    expect(await canSellHere()).toBe(false);
    expect(canSellQuestionsHere()).toBe(false);
    expect(calls).toHaveBeenCalledWith(expect.objectContaining({ name: 'login', data: { platform: 'ios' } }));
  });

  it('sells on iOS when login says xpay pays there, asking login once however many ask', async () => {
    onDevice('ios');
    const calls = stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'xpay' } })) });
    expect(await Promise.all([canSellHere(), canSellHere(), canSellHere()])).toEqual([true, true, true]);
    expect(await canSellHere()).toBe(true);
    expect(logins(calls)).toHaveLength(1);
    // paid questions have no virtual payment: still not on iOS
    expect(canSellQuestionsHere()).toBe(false);
  });

  it('sells nothing on iOS while login fails, and asks again next time', async () => {
    onDevice('ios');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let attempt = 0;
    const calls = stubCloud({ login: () => (++attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok(loginAnswer({ payment: { provider: 'xpay' } }))) });
    expect(await canSellHere()).toBe(false);
    expect(await canSellHere()).toBe(true);
    expect(logins(calls)).toHaveLength(2);
  });

  it('follows a provider learned later (a fresher answer: a quote, the me page)', async () => {
    onDevice('ios');
    const calls = stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'cloudpay' } })) });
    expect(await canSellHere()).toBe(false);
    learnPaymentProvider('xpay');
    expect(await canSellHere()).toBe(true);
    expect(logins(calls)).toHaveLength(1);
  });

  it('falls back to getSystemInfoSync on old clients', () => {
    const original = wx.getDeviceInfo;
    (wx as unknown as { getDeviceInfo?: unknown }).getDeviceInfo = undefined;
    try {
      vi.spyOn(wx, 'getSystemInfoSync').mockReturnValue({ ...wx.getSystemInfoSync(), platform: 'ios' });
      expect(isIOS()).toBe(true);
      expect(platform()).toBe('ios');
    } finally {
      wx.getDeviceInfo = original;
    }
  });
});
