import { describe, expect, it, vi } from 'vitest';
import { canSellHere, isIOS } from './platform';

const device = (platform: string) => ({ ...wx.getDeviceInfo(), platform }) as WechatMiniprogram.DeviceInfo;

describe('platform', () => {
  it('does not sell on iOS', () => {
    vi.spyOn(wx, 'getDeviceInfo').mockReturnValue(device('ios'));
    expect(isIOS()).toBe(true);
    expect(canSellHere()).toBe(false);
  });

  it('sells on Android, Windows, Mac and DevTools', () => {
    for (const platform of ['android', 'windows', 'mac', 'devtools']) {
      vi.spyOn(wx, 'getDeviceInfo').mockReturnValue(device(platform));
      expect(canSellHere()).toBe(true);
    }
  });

  it('falls back to getSystemInfoSync on old clients', () => {
    const original = wx.getDeviceInfo;
    (wx as unknown as { getDeviceInfo?: unknown }).getDeviceInfo = undefined;
    try {
      vi.spyOn(wx, 'getSystemInfoSync').mockReturnValue({ ...wx.getSystemInfoSync(), platform: 'ios' });
      expect(isIOS()).toBe(true);
    } finally {
      wx.getDeviceInfo = original;
    }
  });
});
