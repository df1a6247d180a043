/**
 * The one way a page is declared. Pages are built with `Component()` (typed
 * data and methods, behaviors), and as vant-weapp's VantComponent wraps it
 * for components, `definePage` wraps it for pages, owning what every page
 * does alike: the load with its loading / error / empty states
 * (components/state-view), retry, pull-down refresh, and for a list page the
 * paging. A page declares only what is its own.
 *
 *   definePage({
 *     data: { course: null as CourseView | null },
 *     async load(show) { const { course } = await call(...); show({ course }); },
 *     methods: { onLoad(query) { ... }, onBuy() { ... } },
 *   });
 *
 * Every load is numbered: the answer to a superseded one (a newer filter, a
 * refresh) or one arriving after the page is gone is dropped, never shown.
 */
import type { Paged } from '../../typings/api';
import type { ViewStatus } from '../components/state-view/index';
import { errorMessage } from './cloud';
import { instanceState } from '../utils/instance-state';

/** What every page has in `data` for state-view. */
export interface PageStateData {
  status: ViewStatus;
  errorMessage: string;
}

/** What a list page has in `data` for its footer: more to load, loading it, why it failed. */
export interface ListFooterData {
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string;
}

/** What a load shows: some of the page's data, and 'empty' when there is nothing to show. */
export type Shown<D> = Partial<D> & { status?: 'ready' | 'empty' };

/** Shows what was loaded, unless the load was superseded or the page is gone: then false, and nothing happens. */
export type Show<D> = (shown: Shown<D>) => boolean;

/** The methods definePage gives every page (a type, not an interface: Component's methods need an index signature). */
export type PageMethods = {
  /** Loads again; `keepContent` does it behind what is shown, a failure only toasted. */
  reload(keepContent?: boolean): Promise<void>;
  /** state-view's retry */
  onRetry(): void;
};

type ElementOf<T> = T extends readonly (infer E)[] ? E : never;

/** A list page's list: the `data` key it is shown under, how a page is fetched and shown. */
export interface ListOptions<D, K extends keyof D, R extends Paged<unknown>> {
  key: K;
  fetch(page: number): Promise<R>;
  toView(item: R['items'][number]): ElementOf<D[K]>;
  /** more to show with the first page (only with a first page that is not superseded) */
  firstPage?(result: R): Partial<D>;
}

export type PageInstance<D, M, List extends boolean = false> = WechatMiniprogram.Component.Instance<
  D & PageStateData & (List extends true ? ListFooterData : unknown),
  Record<never, never>,
  M & PageMethods,
  [],
  Record<never, never>,
  true
>;

interface CommonOptions<D, M> {
  data: D;
  /** the page's own handlers and lifecycle; onLoad runs before the first load */
  methods?: M & Partial<WechatMiniprogram.Page.ILifetime>;
  /** onPullDownRefresh reloads behind what is shown (the page's json enables it) */
  pullDownRefresh?: boolean;
  /** The message for an error the load threw; null when the page dealt with it itself. Default: errorMessage. */
  failed?(error: unknown): string | null;
}

type LoadPageOptions<D, M> = CommonOptions<D, M> & {
  /** Fetches what the page shows and shows it; throws to show the error. */
  load(show: Show<D>): Promise<void>;
} & ThisType<PageInstance<D, M>>;

type ListPageOptions<D, M, K extends keyof D, R extends Paged<unknown>> = CommonOptions<D, M> & {
  /** the load is the first page; onReachBottom loads the next */
  list: ListOptions<D, K, R>;
} & ThisType<PageInstance<D, M, true>>;

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

/** A list's footer before its first page, and after one: nothing loading, no error. */
const NO_MORE: ListFooterData = { hasMore: false, loadingMore: false, moreError: '' };

/** What definePage keeps per page, outside `data`. */
const runs = instanceState(() => ({
  /** bumped by every load, so older answers can be told apart */
  seq: 0,
  /** the last page of the list shown */
  page: 1,
  gone: false,
}));

/** An answer is wanted while no newer load started and the page is still there. */
function wanted(run: ReturnType<typeof runs>, seq: number): boolean {
  return seq === run.seq && !run.gone;
}

/** The page definePage's methods run on: what they read and call of it. */
interface Self {
  data: PageStateData & ListFooterData & Record<string, unknown>;
  setData(update: Record<string, unknown>): void;
  reload(keepContent?: boolean): Promise<void>;
}

export function definePage<D extends WechatMiniprogram.IAnyObject, M extends WechatMiniprogram.Component.MethodOption>(
  options: LoadPageOptions<D, M>,
): string;
export function definePage<
  D extends WechatMiniprogram.IAnyObject,
  M extends WechatMiniprogram.Component.MethodOption,
  K extends keyof D,
  R extends Paged<unknown>,
>(options: ListPageOptions<D, M, K, R>): string;
export function definePage(options: {
  data: Record<string, unknown>;
  methods?: Record<string, AnyMethod>;
  pullDownRefresh?: boolean;
  failed?(this: Self, error: unknown): string | null;
  load?(this: Self, show: Show<Record<string, unknown>>): Promise<void>;
  list?: ListOptions<Record<string, unknown[]>, string, Paged<unknown>>;
}): string {
  const { list, load, failed } = options;
  const own = options.methods ?? {};

  const methods: Record<string, (this: Self, ...args: never[]) => unknown> = {
    ...own,

    onLoad(this: Self, query: Record<string, string | undefined>) {
      own.onLoad?.call(this, query);
      this.reload();
    },

    onUnload(this: Self) {
      runs(this).gone = true;
      own.onUnload?.call(this);
    },

    async reload(this: Self, keepContent = false) {
      const run = runs(this);
      const seq = ++run.seq;
      const current = () => wanted(run, seq);
      if (!keepContent) this.setData({ status: 'loading', errorMessage: '', ...(list ? NO_MORE : {}) });
      const show: Show<Record<string, unknown>> = (shown) => {
        if (!current()) return false;
        this.setData({ status: 'ready', ...shown });
        return true;
      };
      try {
        if (list) {
          // the first page is shown whole: what was shown before is replaced
          const result = await list.fetch.call(this, 1);
          if (!current()) return;
          run.page = result.page;
          show({
            // firstPage may note what it shows: called only for an answer still wanted
            ...list.firstPage?.call(this, result),
            [list.key]: result.items.map((item) => list.toView.call(this, item)),
            ...NO_MORE,
            hasMore: result.hasMore,
            status: result.items.length ? 'ready' : 'empty',
          });
        } else {
          await load!.call(this, show);
        }
      } catch (error) {
        if (!current()) return;
        const message = failed ? failed.call(this, error) : errorMessage(error);
        if (message === null) return;
        if (keepContent) wx.showToast({ title: message, icon: 'none' });
        else this.setData({ status: 'error', errorMessage: message });
      }
    },

    onRetry(this: Self) {
      this.reload();
    },
  };

  if (options.pullDownRefresh) {
    methods.onPullDownRefresh = async function (this: Self) {
      await this.reload(this.data.status === 'ready');
      wx.stopPullDownRefresh();
    };
  }

  if (list) {
    /** The next page, appended by path updates (what is shown is not sent again); one request at a time. */
    methods.onReachBottom = async function (this: Self) {
      const { status, hasMore, loadingMore } = this.data;
      if (status !== 'ready' || !hasMore || loadingMore) return;
      const run = runs(this);
      const seq = run.seq;
      this.setData({ loadingMore: true, moreError: '' });
      try {
        const result = await list.fetch.call(this, run.page + 1);
        if (!wanted(run, seq)) return;
        run.page = result.page;
        const start = (this.data[list.key] as unknown[]).length;
        const update: Record<string, unknown> = { hasMore: result.hasMore, loadingMore: false, moreError: '' };
        result.items.forEach((item, i) => {
          update[`${list.key}[${start + i}]`] = list.toView.call(this, item);
        });
        this.setData(update);
      } catch (error) {
        if (!wanted(run, seq)) return;
        this.setData({ loadingMore: false, moreError: `${errorMessage(error)}，点击重试` });
      }
    };
  }

  return Component({
    data: { status: 'loading' as ViewStatus, errorMessage: '', ...(list ? NO_MORE : {}), ...options.data },
    methods: methods as unknown as WechatMiniprogram.Component.MethodOption,
  });
}
