import { describe, expect, it } from 'vitest';
import { loadPage, settle, stubCloud, tap } from '../../../test/miniprogram/harness';

describe('home page', () => {
  it('shows the categories the cloud returns', async () => {
    const calls = stubCloud({
      listCategories: () => ({
        ok: true,
        data: {
          categories: [
            { id: 'tech', name: '编程开发', courseCount: 2 },
            { id: 'life', name: '健康生活', courseCount: 1 },
          ],
        },
      }),
    });
    const page = loadPage('pages/home/index');
    expect(page.querySelector('.loading')).toBeTruthy();
    await settle();
    const names = page.querySelectorAll('.category-name').map((n) => n.dom!.textContent);
    expect(names).toEqual(['编程开发', '健康生活']);
    expect(page.querySelector('.category-count')!.dom!.textContent).toBe('2 门课');
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('shows the error and loads again on retry', async () => {
    let attempt = 0;
    stubCloud({
      listCategories: () => {
        attempt += 1;
        return attempt === 1
          ? { ok: false, error: { code: 'INTERNAL', message: '服务繁忙，请稍后再试' } }
          : { ok: true, data: { categories: [{ id: 'tech', name: '编程开发', courseCount: 2 }] } };
      },
    });
    const page = loadPage('pages/home/index');
    await settle();
    expect(page.querySelector('.error-message')!.dom!.textContent).toBe('服务繁忙，请稍后再试');
    await tap(page, '.retry', '.t-button');
    expect(page.querySelectorAll('.category-name').map((n) => n.dom!.textContent)).toEqual(['编程开发']);
  });

  it('says so when there are no categories', async () => {
    stubCloud({ listCategories: () => ({ ok: true, data: { categories: [] } }) });
    const page = loadPage('pages/home/index');
    await settle();
    expect(page.querySelector('.empty')!.dom!.textContent).toContain('还没有课程分类');
  });
});
