/**
 * Loading the mini-program's pages and components in miniprogram-simulate,
 * from the compiled build (test/setup/build-miniprogram.ts makes it).
 */
import path from 'node:path';
import simulate from 'miniprogram-simulate';
import { beforeEach, vi } from 'vitest';
import { MINIPROGRAM_OUT } from '../../lib/paths';
import type { FunctionName, RequestOf, ResponseOf } from '../../typings/api';
import type { ErrorCode, Result } from '../../typings/result';
import { meterSetData } from './setdata-meter';

export type Rendered = ReturnType<typeof simulate.render>;

/** Renders a page (`pages/home/index`) attached to a document, and runs its onLoad. */
export function loadPage(pagePath: string, query: Record<string, string> = {}): Rendered {
  const id = simulate.load(path.join(MINIPROGRAM_OUT, pagePath), { rootPath: MINIPROGRAM_OUT });
  const page = simulate.render(id);
  meterSetData(page.instance);
  page.attach(document.createElement('parent-wrapper'));
  const instance = page.instance as unknown as { onLoad?: (q: Record<string, string>) => void; onShow?: () => void };
  instance.onLoad?.(query);
  // as WeChat does: a page is shown right after it loads
  instance.onShow?.();
  return page;
}

type CloudHandlers = { [N in FunctionName]?: (data: RequestOf<N>) => Result<ResponseOf<N>> | Promise<Result<ResponseOf<N>>> };

/**
 * Answers wx.cloud.callFunction from per-function handlers, as the cloud
 * would; a function with no handler answers as a missing function does.
 */
export function stubCloud(handlers: CloudHandlers) {
  return vi.spyOn(wx.cloud, 'callFunction').mockImplementation((async (options: { name: FunctionName; data: never }) => {
    const handler = handlers[options.name] as ((data: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`cloud.callFunction:fail -501000 FunctionName parameter could not be found (${options.name})`);
    return { result: await handler(options.data), errMsg: 'cloud.callFunction:ok', requestID: 'test' };
  }) as never);
}

/** Waits for pending microtasks and timers the page started (taps, awaits). */
export async function settle(ms = 0): Promise<void> {
  await simulate.sleep(ms);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

export { simulate };

/**
 * Taps an element as a finger would. For a TDesign component (a virtual host),
 * name its inner native element too: `tap(page, '.retry', '.t-button')`.
 */
export async function tap(root: Rendered, selector: string, inner?: string): Promise<void> {
  const host = find(root, selector);
  if (!host) throw new Error(`nothing matches ${selector}`);
  const target = inner ? host.querySelector(inner) : host;
  if (!target) throw new Error(`nothing matches ${inner} inside ${selector}`);
  target.dispatchEvent('tap');
  await settle();
}

// ---------------------------------------------------------------------------
// Added for every page and component test.

/**
 * Finds an element, descending into custom components with ` >>> `:
 * `find(page, '.state >>> .retry')` is `.retry` inside the `.state` component.
 */
export function find(root: Rendered, selector: string): Rendered | undefined {
  let node: Rendered | undefined = root;
  for (const part of selector.split('>>>').map((p) => p.trim())) {
    node = node?.querySelector(part) as Rendered | undefined;
  }
  return node;
}

/** Every match of a ` >>> ` selector, through every match of each part before the last. */
export function findAll(root: Rendered, selector: string): Rendered[] {
  let nodes: Rendered[] = [root];
  for (const part of selector.split('>>>').map((p) => p.trim())) {
    nodes = nodes.flatMap((n) => n.querySelectorAll(part) as Rendered[]);
  }
  return nodes;
}

/** The text shown by the first match, trimmed and with runs of white space collapsed; undefined when nothing matches. */
export function text(root: Rendered, selector: string): string | undefined {
  const node = find(root, selector);
  return node ? squash(textOf(node)) : undefined;
}

/** The texts shown by every match. */
export function texts(root: Rendered, selector: string): string[] {
  return findAll(root, selector).map((n) => squash(textOf(n)));
}

interface ExparserNode {
  $$?: Node | null;
  shadowRoot?: ExparserNode;
  childNodes?: ExparserNode[];
}

/** A virtual host (TDesign's, ours) has no DOM node of its own: read its rendered children. */
function textOf(node: Rendered): string {
  if (node.dom) return node.dom.textContent ?? '';
  const walk = (n: ExparserNode): string => {
    if (n.$$) return n.$$.textContent ?? '';
    return (n.childNodes ?? []).map(walk).join('');
  };
  const ex = (node as unknown as { _exparserNode: ExparserNode })._exparserNode;
  return walk(ex.shadowRoot ?? ex);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The page's instance: its data and methods, typed as the test needs. */
export function pageInstance<T = object, D = Record<string, unknown>>(page: Rendered): T & { data: D; setData(d: object): void } {
  return page.instance as never;
}

type PageHook = 'onShow' | 'onHide' | 'onUnload' | 'onPullDownRefresh' | 'onReachBottom';

/** Runs a page lifecycle hook as WeChat would, and lets what it started settle. */
export async function lifecycle(page: Rendered, hook: PageHook): Promise<void> {
  const fn = (page.instance as unknown as Record<string, unknown>)[hook];
  if (typeof fn === 'function') await fn.call(page.instance);
  await settle();
}
export const show = (page: Rendered) => lifecycle(page, 'onShow');
export const hide = (page: Rendered) => lifecycle(page, 'onHide');
export const unload = (page: Rendered) => lifecycle(page, 'onUnload');

/** Spies on wx's navigation, resolving as a successful navigation does. */
export function spyNavigation() {
  const ok = (api: string) => ({ errMsg: `${api}:ok` });
  return {
    navigateTo: vi.spyOn(wx, 'navigateTo').mockResolvedValue(ok('navigateTo') as never),
    redirectTo: vi.spyOn(wx, 'redirectTo').mockResolvedValue(ok('redirectTo') as never),
    switchTab: vi.spyOn(wx, 'switchTab').mockResolvedValue(ok('switchTab') as never),
    navigateBack: vi.spyOn(wx, 'navigateBack').mockResolvedValue(ok('navigateBack') as never),
    reLaunch: vi.spyOn(wx, 'reLaunch').mockResolvedValue(ok('reLaunch') as never),
  };
}

/** Spies on wx.showToast (resolving), to assert the messages a page shows. */
export function spyToast() {
  return vi.spyOn(wx, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' } as never);
}

/** The URLs a navigation spy was called with. */
export function urls(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((c) => (c[0] as { url: string }).url);
}

/**
 * The phone the page runs on. miniprogram-simulate reports an iPhone, where
 * courses may not be sold, so tests run as Android unless they say otherwise.
 */
export function setPlatform(platform: 'ios' | 'android' | 'devtools'): void {
  const info = { ...wx.getDeviceInfo(), platform, system: platform === 'ios' ? 'iOS 17.0' : 'Android 14' };
  vi.spyOn(wx, 'getDeviceInfo').mockReturnValue(info as WechatMiniprogram.DeviceInfo);
  vi.spyOn(wx, 'getSystemInfoSync').mockReturnValue({ ...wx.getSystemInfoSync(), platform } as WechatMiniprogram.SystemInfo);
}
beforeEach(() => {
  setPlatform('android');
  // the app's session state (services/platform keeps login's provider there) starts empty, as at launch
  getApp<{ globalData: Record<string, unknown> }>().globalData = {};
});

/** A cloud function's successful answer. */
export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

/** A cloud function's error answer. */
export function fail(code: ErrorCode, message: string): { ok: false; error: { code: ErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}

/** Renders a component (`components/price/index`) with properties, attached to a document. */
export function loadComponent(componentPath: string, properties: Record<string, unknown> = {}): Rendered {
  const id = simulate.load(path.join(MINIPROGRAM_OUT, componentPath), { rootPath: MINIPROGRAM_OUT });
  const comp = simulate.render(id, properties);
  meterSetData(comp.instance);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

// wx.cloud in test/setup has only init and callFunction; pages also upload.
const cloud = wx.cloud as unknown as Record<string, unknown>;
if (!cloud.uploadFile) cloud.uploadFile = () => Promise.reject(new Error('wx.cloud.uploadFile is not stubbed in this test'));

// miniprogram-simulate has no wx.requestVirtualPayment (小程序虚拟支付): each test that pays so stubs it
const wxApi = wx as unknown as Record<string, unknown>;
if (!wxApi.requestVirtualPayment) {
  wxApi.requestVirtualPayment = (options: { fail?: (e: { errCode: number; errMsg: string }) => void }) =>
    options.fail?.({ errCode: -1, errMsg: 'requestVirtualPayment:fail not stubbed in this test' });
}

type VirtualPaymentArgs = Pick<WechatMiniprogram.RequestVirtualPaymentOption, 'mode' | 'paySig' | 'signature'> & { signData: string };

/**
 * Answers wx.requestVirtualPayment as its sheet would: `errCode` 0 is paid
 * (success), anything else calls fail with that code (-2: the learner closed it).
 */
export function stubVirtualPayment(answer: (args: VirtualPaymentArgs) => number) {
  return vi.spyOn(wx, 'requestVirtualPayment').mockImplementation((options) => {
    const { mode, signData, paySig, signature } = options;
    const errCode = answer({ mode, signData: signData as unknown as string, paySig, signature });
    setTimeout(() => {
      if (errCode === 0) options.success?.({ errMsg: 'requestVirtualPayment:ok' } as never);
      else options.fail?.({ errCode, errMsg: `requestVirtualPayment:fail ${errCode}` });
    }, 0);
  });
}

/** Answers wx.login with the codes given, one per call (a code is good once). */
export function stubLogin(...codes: string[]) {
  let next = 0;
  return vi.spyOn(wx, 'login').mockImplementation((() => {
    const code = codes[next++];
    return code ? Promise.resolve({ code, errMsg: 'login:ok' }) : Promise.reject({ errMsg: 'login:fail no code left in this test' });
  }) as never);
}

/**
 * Makes a custom component (a TDesign one included) fire one of its events, as
 * it would itself: `emit(page, '.search', 'submit', { value: 'TS' })`.
 */
export async function emit(root: Rendered, selector: string, name: string, detail: unknown = {}): Promise<void> {
  const node = find(root, selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  (node.instance as unknown as { triggerEvent(n: string, d: unknown): void }).triggerEvent(name, detail);
  await settle();
}

/** Waits until `check` passes (it throws or returns false until then), for pages that wait on timers. */
export async function waitFor(check: () => unknown, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let error: unknown;
    try {
      if (check() !== false) return;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) throw error ?? new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
