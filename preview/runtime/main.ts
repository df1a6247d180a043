/**
 * The preview's phone: loads the compiled mini-program (files.js), puts the
 * preview's `wx` in place, runs App() and opens the first page, then hands
 * taps to the pages. `?platform=ios` shows what an iPhone learner sees.
 */
import { registerBuiltins } from './builtins';
import { bridgeTaps } from './bridge';
import { currentLearner, loadConfig } from './cloud';
import { installFramework, readJsonFile } from './framework';
import { requireModule } from './modules';
import { Navigator, type AppJson } from './navigation';
import { createWx, type Platform } from './wx';

interface Globals {
  wx: Record<string, unknown>;
  App: (options: Record<string, unknown>) => void;
  getApp: () => Record<string, unknown>;
  Page: (options: Record<string, unknown>) => void;
  getCurrentPages: () => unknown[];
  __preview: { navigator: Navigator; ready: boolean };
}

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el;
}

async function boot(): Promise<void> {
  await loadConfig();
  installFramework();
  registerBuiltins();
  const g = window as unknown as Globals;
  const app = readJsonFile<AppJson>('/app.json');
  if (!app) throw new Error('app.json is missing from the compiled mini-program');
  const viewport = element('viewport');
  const navigator = new Navigator(app, { viewport, navbar: element('navbar'), tabbar: element('tabbar') });
  const platform: Platform = new URLSearchParams(location.search).get('platform') === 'ios' ? 'ios' : 'android';
  Object.assign(g.wx, createWx(navigator, platform));

  let appInstance: Record<string, unknown> = { globalData: {} };
  g.App = (options) => {
    appInstance = { globalData: {}, ...options };
  };
  g.getApp = () => appInstance;
  g.Page = () => {
    throw new Error('the preview renders pages built with Component(); Page() is not supported');
  };
  g.getCurrentPages = () => navigator.pages().map((p) => p.rendered.instance);

  requireModule('/app.js');
  const launch = { path: app.pages[0], query: {}, scene: 1001 };
  (appInstance.onLaunch as ((o: unknown) => void) | undefined)?.call(appInstance, launch);
  (appInstance.onShow as ((o: unknown) => void) | undefined)?.call(appInstance, launch);

  bridgeTaps(viewport);
  document.body.dataset.learner = currentLearner().openid;
  const start = new URLSearchParams(location.search).get('page');
  await navigator.reLaunch(start ? `/${start.replace(/^\//, '')}` : `/${app.pages[0]}`);
  g.__preview = { navigator, ready: true };
  document.body.classList.add('preview-ready');
}

boot().catch((error: unknown) => {
  console.error('[preview] failed to start', error);
  const box = document.getElementById('boot-error');
  if (box) {
    box.hidden = false;
    box.textContent = `预览启动失败：${error instanceof Error ? error.message : String(error)}`;
  }
});
