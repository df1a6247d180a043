/**
 * The main package as DevTools uploads it: what is reachable from app.json,
 * the TDesign components used and nothing else, within WeChat's 2 MB.
 * Measured on a copy of miniprogram/ with TDesign copied in as "构建 npm" does.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIPROGRAM_SRC, ROOT } from '../lib/paths';
import { MAIN_PACKAGE_BUDGET, mainPackage, type PackageFile } from './package-size';

describe('the main package', () => {
  let dir: string;
  let files: PackageFile[];
  let names: Set<string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'package-size-'));
    await cp(MINIPROGRAM_SRC, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}miniprogram_npm`) });
    await cp(path.join(ROOT, 'node_modules/tdesign-miniprogram/miniprogram_dist'), path.join(dir, 'miniprogram_npm/tdesign-miniprogram'), { recursive: true });
    await writeFile(path.join(dir, 'utils/never-imported.ts'), 'export const unused = 1;\n');
    await writeFile(path.join(dir, 'assets/unused.png'), Buffer.alloc(64));
    ({ files } = await mainPackage(dir));
    names = new Set(files.map((f) => f.file));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds app.json, every page with its four files, the components and modules they use, the tab bar icons', () => {
    for (const f of ['app.json', 'app.js', 'app.wxss', 'sitemap.json', 'assets/tabbar/home.png', 'assets/tabbar/home-active.png']) expect(names).toContain(f);
    for (const page of ['home', 'course', 'purchase', 'lesson', 'learning', 'me', 'orders', 'reviews', 'review-editor', 'bundle', 'membership', 'my-coupons']) {
      for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(names).toContain(`pages/${page}/index.${ext}`);
    }
    for (const f of ['components/price/index.js', 'components/state-view/index.wxml', 'services/cloud.js', 'services/payment.js', 'utils/lesson.js']) {
      expect(names).toContain(f);
    }
  });

  it('holds the TDesign components used, their shared code and tslib, and no other', () => {
    expect(names).toContain('miniprogram_npm/tdesign-miniprogram/button/button.js');
    expect(names).toContain('miniprogram_npm/tdesign-miniprogram/common/utils.wxs');
    expect(names).toContain('miniprogram_npm/tdesign-miniprogram/common/style/index.wxss');
    expect([...names].some((f) => f.includes('miniprogram_npm/tslib/'))).toBe(true);
    // loading comes in through button's usingComponents
    expect(names).toContain('miniprogram_npm/tdesign-miniprogram/loading/loading.js');
    // home's category bar and the orders' status bar are tabs; the purchase outcome is a result
    // reviews: stars on the course page, the review editor's text
    for (const used of ['tabs/tabs.js', 'tab-panel/tab-panel.js', 'result/result.js', 'rate/rate.js', 'textarea/textarea.js']) expect(names).toContain(`miniprogram_npm/tdesign-miniprogram/${used}`);
    for (const unused of ['calendar', 'dialog', 'chat-list', 'picker']) expect([...names].some((f) => f.includes(`/tdesign-miniprogram/${unused}/`))).toBe(false);
  });

  it('leaves out tests, type declarations, tsconfig and files nothing uses', () => {
    expect([...names].filter((f) => /\.test\.|\.d\.ts$|tsconfig/.test(f))).toEqual([]);
    expect(names).not.toContain('utils/never-imported.js');
    expect(names).not.toContain('assets/unused.png');
  });

  it('fits the 2 MB budget', () => {
    const total = files.reduce((s, f) => s + f.bytes, 0);
    expect(total).toBeGreaterThan(50 * 1024);
    expect(total).toBeLessThan(MAIN_PACKAGE_BUDGET);
  });
});
