import { describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import { bundleCard, categories, courseCard, courseCards, loginAnswer } from '../../../test/miniprogram/fixtures';
import {
  emit,
  fail,
  find,
  findAll,
  lifecycle,
  loadPage,
  ok,
  pageInstance,
  setPlatform,
  settle,
  spyNavigation,
  stubCloud,
  tap,
  text,
  texts,
  type Rendered,
} from '../../../test/miniprogram/harness';

type ListRequest = RequestOf<'listCourses'>;

/** The 专栏 row's call, answered with none on sale, for tests about the courses. */
const NO_BUNDLES = { listBundles: () => ok({ items: [] }) };

/** Taps the i-th chip of the category bar (0 is 全部). */
async function tapCategory(page: Rendered, i: number): Promise<void> {
  findAll(page, '.categories >>> .t-tabs__item')[i]!.dispatchEvent('tap');
  await settle();
}

/** A catalog of `total` courses served 10 a page, recording each request. */
function catalog(total: number) {
  const requests: ListRequest[] = [];
  const all = courseCards(total);
  const listCourses = (req: ListRequest) => {
    requests.push(req);
    const page = req.page ?? 1;
    const size = req.pageSize ?? 10;
    const items = all.slice((page - 1) * size, page * size);
    return ok({ items, page, hasMore: page * size < total, ...(req.includeCategories ? { categories } : {}) });
  };
  return { requests, listCourses };
}

describe('home page', () => {
  it('shows the categories and the first page of courses', async () => {
    const { listCourses, requests } = catalog(3);
    const calls = stubCloud({ listCourses, listBundles: () => ok({ items: [] }) });
    const page = loadPage('pages/home/index');
    expect(find(page, '.state >>> .loading')).toBeTruthy();
    await settle();
    expect(texts(page, '.categories >>> .t-tabs__item')).toEqual(['全部', '职场成长', '编程开发', '健康生活']);
    expect(texts(page, '.course >>> .title')).toEqual(['课程 0', '课程 1', '课程 2']);
    expect(text(page, '.course >>> .price >>> .price')).toBe('¥99.00');
    expect(text(page, '.course >>> .learners')).toBe('100 人学过');
    expect(text(page, '.no-more')).toBe('没有更多了');
    // the first screen, categories included, in one call; the 专栏 row is asked for after it
    expect(requests).toEqual([{ page: 1, pageSize: 10, includeCategories: true }]);
    expect(calls.mock.calls.map((c) => (c[0] as { name: string }).name)).toEqual(['listCourses', 'listBundles']);
    // none on sale: no row
    expect(find(page, '.bundles')).toBeFalsy();
  });

  it('asks for the 专栏 row only once the first screen is drawn, and opens a bundle on tap', async () => {
    const nav = spyNavigation();
    const { listCourses } = catalog(3);
    let coursesShownFirst: boolean | null = null;
    const calls = stubCloud({
      listCourses,
      listBundles: () => {
        // the page is there by the time the row is asked for: after the first screen
        coursesShownFirst = texts(page, '.course >>> .title').length === 3;
        return ok({ items: [bundleCard(), bundleCard({ id: 'bundle-tech', title: '编程进阶专栏', courseCount: 3 })] });
      },
    });
    const page = loadPage('pages/home/index');
    await settle();
    await settle();
    expect(coursesShownFirst).toBe(true);
    expect(texts(page, '.bundle-title')).toEqual(['职场成长专栏', '编程进阶专栏']);
    expect(texts(page, '.bundle-count')).toEqual(['2 门课', '3 门课']);
    expect(text(page, '.bundle-price >>> .price')).toBe('¥149.00');
    expect(text(page, '.bundle-worth >>> .price')).toBe('¥298.00');
    await tap(page, '.bundle');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/bundle/index?id=bundle-growth' });
    // once a page: not again for the next page of courses, nor for a filter
    await tapCategory(page, 1);
    expect(calls.mock.calls.filter((c) => (c[0] as { name: string }).name === 'listBundles')).toHaveLength(1);
    expect(find(page, '.bundles')).toBeFalsy();
  });

  it('shows the courses without the 专栏 row when listBundles fails', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    stubCloud({ listCourses: catalog(2).listCourses, listBundles: () => fail('INTERNAL', '服务繁忙，请稍后再试') });
    const page = loadPage('pages/home/index');
    await settle();
    await settle();
    expect(texts(page, '.course >>> .title')).toHaveLength(2);
    expect(find(page, '.bundles')).toBeFalsy();
    expect(find(page, '.state')).toBeFalsy();
    expect(warn).toHaveBeenCalledWith('[home] listBundles failed', expect.anything());
  });

  it('shows the 专栏 row without prices on iOS', async () => {
    setPlatform('ios');
    stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'cloudpay' } })), listCourses: catalog(2).listCourses, listBundles: () => ok({ items: [bundleCard()] }) });
    const page = loadPage('pages/home/index');
    await settle();
    await settle();
    expect(texts(page, '.bundle-title')).toEqual(['职场成长专栏']);
    expect(find(page, '.bundle-price')).toBeFalsy();
    expect(find(page, '.bundle-worth')).toBeFalsy();
  });

  it('shows prices on iOS when login says virtual payment (xpay) pays there', async () => {
    setPlatform('ios');
    stubCloud({ login: () => ok(loginAnswer({ payment: { provider: 'xpay' } })), listCourses: catalog(2).listCourses, listBundles: () => ok({ items: [bundleCard()] }) });
    const page = loadPage('pages/home/index');
    await settle();
    await settle();
    expect(find(page, '.bundle-price')).toBeTruthy();
    expect(texts(page, '.course >>> .price')).toHaveLength(2);
  });

  it('marks owned courses 已购买', async () => {
    stubCloud({
      ...NO_BUNDLES,
      listCourses: () => ok({ items: [courseCard({ owned: true })], page: 1, hasMore: false }),
    });
    const page = loadPage('pages/home/index');
    await settle();
    expect(text(page, '.course >>> .owned')).toBe('已购买');
  });

  it('opens a course when its card is tapped', async () => {
    const nav = spyNavigation();
    stubCloud({ ...NO_BUNDLES, listCourses: catalog(2).listCourses });
    const page = loadPage('pages/home/index');
    await settle();
    await tap(page, '.course >>> .card');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/course/index?id=course-0' });
  });

  it('loads the next page as the list reaches the bottom, appending by path', async () => {
    const { listCourses, requests } = catalog(25);
    stubCloud({ ...NO_BUNDLES, listCourses });
    const page = loadPage('pages/home/index');
    await settle();
    expect(texts(page, '.course >>> .title')).toHaveLength(10);
    const setData = vi.spyOn(pageInstance(page), 'setData');
    await lifecycle(page, 'onReachBottom');
    expect(texts(page, '.course >>> .title')).toHaveLength(20);
    const appended = setData.mock.calls.map((c) => Object.keys(c[0] as object)).find((keys) => keys.some((k) => k.startsWith('courses[')));
    expect(appended).toContain('courses[10]');
    expect(appended).not.toContain('courses');
    await lifecycle(page, 'onReachBottom');
    expect(texts(page, '.course >>> .title')).toHaveLength(25);
    expect(text(page, '.no-more')).toBe('没有更多了');
    // nothing more to load: no further call
    await lifecycle(page, 'onReachBottom');
    expect(requests.map((r) => r.page)).toEqual([1, 2, 3]);
  });

  it('keeps the list when the next page fails, and retries on tap', async () => {
    let failNext = true;
    const { listCourses } = catalog(15);
    stubCloud({
      ...NO_BUNDLES,
      listCourses: (req) => (req.page === 2 && failNext ? ((failNext = false), fail('INTERNAL', '服务繁忙，请稍后再试')) : listCourses(req)),
    });
    const page = loadPage('pages/home/index');
    await settle();
    await lifecycle(page, 'onReachBottom');
    expect(texts(page, '.course >>> .title')).toHaveLength(10);
    expect(text(page, '.more-error')).toBe('服务繁忙，请稍后再试，点击重试');
    await tap(page, '.more-error');
    expect(texts(page, '.course >>> .title')).toHaveLength(15);
  });

  it('filters by category', async () => {
    const { listCourses, requests } = catalog(3);
    stubCloud({ ...NO_BUNDLES, listCourses });
    const page = loadPage('pages/home/index');
    await settle();
    await tapCategory(page, 1);
    // the categories came with the first load and are not asked for again
    expect(requests.at(-1)).toEqual({ categoryId: 'career', page: 1, pageSize: 10 });
    expect(text(page, '.categories >>> .t-tabs__item--active')).toBe('职场成长');
    // tapping the active category again does not reload
    await tapCategory(page, 1);
    expect(requests).toHaveLength(2);
    await tapCategory(page, 0);
    expect(requests.at(-1)).toEqual({ page: 1, pageSize: 10 });
  });

  it('searches by keyword and says when nothing matches', async () => {
    const requests: ListRequest[] = [];
    stubCloud({
      ...NO_BUNDLES,
      listCourses: (req) => {
        requests.push(req);
        return ok({ items: req.keyword ? [] : courseCards(2), page: 1, hasMore: false, ...(req.includeCategories ? { categories } : {}) });
      },
    });
    const page = loadPage('pages/home/index');
    await settle();
    await emit(page, '.search', 'submit', { value: ' 量子 ' });
    expect(requests.at(-1)).toEqual({ keyword: '量子', page: 1, pageSize: 10 });
    expect(text(page, '.state >>> .empty')).toContain('没有找到与“量子”相关的课程');
    await emit(page, '.search', 'clear', { value: '' });
    expect(requests.at(-1)).toEqual({ page: 1, pageSize: 10 });
    expect(texts(page, '.course >>> .title')).toHaveLength(2);
  });

  it('refreshes on pull down and stops the indicator', async () => {
    const stop = vi.spyOn(wx, 'stopPullDownRefresh').mockImplementation(() => undefined);
    const { listCourses, requests } = catalog(25);
    stubCloud({ ...NO_BUNDLES, listCourses });
    const page = loadPage('pages/home/index');
    await settle();
    await lifecycle(page, 'onReachBottom');
    expect(texts(page, '.course >>> .title')).toHaveLength(20);
    await lifecycle(page, 'onPullDownRefresh');
    expect(requests.map((r) => r.page)).toEqual([1, 2, 1]);
    expect(texts(page, '.course >>> .title')).toHaveLength(10);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({
      ...NO_BUNDLES,
      listCourses: () => {
        attempt += 1;
        return attempt === 1 ? fail('INTERNAL', '服务繁忙，请稍后再试') : ok({ items: courseCards(1), page: 1, hasMore: false });
      },
    });
    const page = loadPage('pages/home/index');
    await settle();
    expect(text(page, '.state >>> .error-message')).toBe('服务繁忙，请稍后再试');
    await tap(page, '.state >>> .retry', '.t-button');
    expect(texts(page, '.course >>> .title')).toEqual(['课程 0']);
  });

  it('says so when there are no courses', async () => {
    stubCloud({ ...NO_BUNDLES, listCourses: () => ok({ items: [], page: 1, hasMore: false, categories: [] }) });
    const page = loadPage('pages/home/index');
    await settle();
    expect(text(page, '.state >>> .empty')).toContain('这里还没有课程');
  });

  it('shows no prices on iOS', async () => {
    setPlatform('ios');
    stubCloud({ ...NO_BUNDLES, listCourses: catalog(2).listCourses });
    const page = loadPage('pages/home/index');
    await settle();
    expect(texts(page, '.course >>> .title')).toHaveLength(2);
    expect(find(page, '.course >>> .price')).toBeFalsy();
  });

  it('keeps a 20-course list under 1000 nodes and its data small', async () => {
    const { listCourses } = catalog(40);
    stubCloud({ ...NO_BUNDLES, listCourses });
    const page = loadPage('pages/home/index');
    await settle();
    await lifecycle(page, 'onReachBottom');
    expect(texts(page, '.course >>> .title')).toHaveLength(20);
    expect(page.dom!.querySelectorAll('*').length).toBeLessThan(1000);
    expect(JSON.stringify(pageInstance(page).data).length).toBeLessThan(64 * 1024);
  });
});
