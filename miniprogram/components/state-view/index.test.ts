import { describe, expect, it, vi } from 'vitest';
import { find, findAll, loadComponent, settle, tap, text, type Rendered } from '../../../test/miniprogram/harness';

/** j-component can listen to a component's events; its typings do not say so. */
const listen = (view: Rendered, name: string, fn: () => void) =>
  (view as unknown as { addEventListener(n: string, f: () => void): void }).addEventListener(name, fn);

describe('state-view', () => {
  it('shows a loading indicator', () => {
    const view = loadComponent('components/state-view/index', { status: 'loading' });
    expect(find(view, '.loading')).toBeTruthy();
    expect(find(view, '.error')).toBeFalsy();
  });

  it('shows the error and asks the page to retry', async () => {
    const view = loadComponent('components/state-view/index', { status: 'error', message: '网络不给力，请稍后重试' });
    expect(text(view, '.error-message')).toBe('网络不给力，请稍后重试');
    // the message once, beside the one retry button
    expect(findAll(view, '.error-message')).toHaveLength(1);
    expect(text(view, '.error')?.split('网络不给力')).toHaveLength(2);
    const retry = vi.fn();
    listen(view, 'retry', retry);
    await tap(view, '.retry', '.t-button');
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('shows the empty text, and its action when there is one', async () => {
    const view = loadComponent('components/state-view/index', { status: 'empty', emptyText: '还没有订单' });
    expect(text(view, '.empty')).toContain('还没有订单');
    expect(find(view, '.empty-action')).toBeFalsy();
    view.setData({ emptyAction: '去逛逛' });
    await settle();
    const action = vi.fn();
    listen(view, 'emptyaction', action);
    await tap(view, '.empty-action', '.t-button');
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('renders nothing when ready', () => {
    const view = loadComponent('components/state-view/index', { status: 'ready' });
    expect(find(view, '.state')).toBeFalsy();
  });
});
