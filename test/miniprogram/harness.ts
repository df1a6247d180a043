/**
 * Loading the mini-program's pages and components in miniprogram-simulate,
 * from the compiled build (test/setup/build-miniprogram.ts makes it).
 */
import path from 'node:path';
import simulate from 'miniprogram-simulate';
import { vi } from 'vitest';
import { MINIPROGRAM_OUT } from '../../scripts/paths';
import type { FunctionName, RequestOf, ResponseOf } from '../../typings/api';
import type { Result } from '../../typings/result';

export type Rendered = ReturnType<typeof simulate.render>;

/** Renders a page (`pages/home/index`) attached to a document, and runs its onLoad. */
export function loadPage(pagePath: string, query: Record<string, string> = {}): Rendered {
  const id = simulate.load(path.join(MINIPROGRAM_OUT, pagePath), { rootPath: MINIPROGRAM_OUT });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  const instance = page.instance as unknown as { onLoad?: (q: Record<string, string>) => void };
  instance.onLoad?.(query);
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
  const host = root.querySelector(selector);
  if (!host) throw new Error(`nothing matches ${selector}`);
  const target = inner ? host.querySelector(inner) : host;
  if (!target) throw new Error(`nothing matches ${inner} inside ${selector}`);
  target.dispatchEvent('tap');
  await settle();
}
