/**
 * The next page of a list page (home's courses, the orders), shared so both
 * page the same way: one request at a time, appended by path updates (what is
 * shown is not sent again), and an answer to a superseded request (the filter
 * changed meanwhile) dropped.
 */
import type { Paged } from '../../typings/api';
import type { ViewStatus } from '../components/state-view/index';
import { errorMessage } from './cloud';

/** What a list page keeps for itself, outside `data` (see utils/instance-state). */
export interface PagingState {
  page: number;
  /** bumped by every first-page load, so older answers can be told apart */
  requestSeq: number;
}

interface ListPage {
  data: { status: ViewStatus; hasMore: boolean; loadingMore: boolean } & Record<string, unknown>;
  setData(update: Record<string, unknown>): void;
}

export async function loadNextPage<T, V>(
  page: ListPage,
  state: PagingState,
  options: { listKey: string; fetch(pageNo: number): Promise<Paged<T>>; toView(item: T): V },
): Promise<void> {
  const { status, hasMore, loadingMore } = page.data;
  if (status !== 'ready' || !hasMore || loadingMore) return;
  const seq = state.requestSeq;
  page.setData({ loadingMore: true, moreError: '' });
  try {
    const result = await options.fetch(state.page + 1);
    if (seq !== state.requestSeq) return;
    state.page = result.page;
    const start = (page.data[options.listKey] as unknown[]).length;
    const update: Record<string, unknown> = { hasMore: result.hasMore, loadingMore: false, moreError: '' };
    result.items.forEach((item, i) => {
      update[`${options.listKey}[${start + i}]`] = options.toView(item);
    });
    page.setData(update);
  } catch (error) {
    if (seq !== state.requestSeq) return;
    page.setData({ loadingMore: false, moreError: `${errorMessage(error)}，点击重试` });
  }
}
