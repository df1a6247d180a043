/**
 * miniprogram-simulate under vitest + jsdom: it defines Component, Behavior
 * and its own `wx` on the global object. It has no Page/App/getApp/
 * getCurrentPages and no wx.cloud; the stand-ins below are what our pages and
 * TDesign use, and each test replaces wx.cloud.callFunction as it needs.
 */
import 'miniprogram-simulate';
import { afterEach, vi } from 'vitest';

const g = globalThis as unknown as Record<string, unknown>;
const app = { globalData: {} };
g.getApp = () => app;
g.App = () => undefined;
g.getCurrentPages = () => [];

const wxGlobal = g.wx as WechatMiniprogram.Wx & Record<string, unknown>;
wxGlobal.cloud = {
  init: () => undefined,
  callFunction: () => Promise.reject(new Error('wx.cloud.callFunction is not stubbed in this test')),
} as unknown as WechatMiniprogram.Wx['cloud'];

// miniprogram-simulate's storage keeps nothing; pages that remember a choice need it to
const storage = new Map<string, unknown>();
wxGlobal.setStorageSync = (key: string, value: unknown) => void storage.set(key, value);
wxGlobal.getStorageSync = (key: string) => (storage.has(key) ? storage.get(key) : '');
wxGlobal.removeStorageSync = (key: string) => void storage.delete(key);

afterEach(() => {
  vi.restoreAllMocks();
  storage.clear();
});
