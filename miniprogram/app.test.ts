import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;
const app = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')) as {
  pages: string[];
  tabBar: { list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[] };
};

describe('app.json', () => {
  it('lists pages that exist, each with its test', () => {
    for (const page of app.pages) {
      for (const ext of ['ts', 'wxml', 'wxss', 'json', 'test.ts']) {
        expect(existsSync(path.join(root, `${page}.${ext}`)), `${page}.${ext}`).toBe(true);
      }
    }
  });

  it('has the three tabs, with small icons', () => {
    expect(app.tabBar.list.map((t) => [t.pagePath, t.text])).toEqual([
      ['pages/home/index', '首页'],
      ['pages/learning/index', '我的学习'],
      ['pages/me/index', '我的'],
    ]);
    for (const tab of app.tabBar.list) {
      expect(app.pages).toContain(tab.pagePath);
      for (const icon of [tab.iconPath, tab.selectedIconPath]) {
        // WeChat's limit for a tab icon is 40 KB
        expect(statSync(path.join(root, icon)).size).toBeLessThan(40 * 1024);
      }
    }
  });
});
