import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../../typings/api';
import { questionView } from '../../../test/miniprogram/fixtures';
import { emit, fail, find, loadComponent, ok, setPlatform, settle, spyNavigation, spyToast, stubCloud, tap, texts } from '../../../test/miniprogram/harness';

const INSTRUCTOR = { id: 'ins-linxiao', name: '林晓', bio: '效率教练', questionPriceFen: 990 };

function questionCloud(pages: number[] = [2]) {
  const listed: RequestOf<'listQuestions'>[] = [];
  const asked: RequestOf<'askQuestion'>[] = [];
  stubCloud({
    listQuestions: (req) => {
      listed.push(req);
      const n = listed.length;
      const items = Array.from({ length: pages[n - 1] ?? 0 }, (_, i) => questionView({ id: `q-${n}-${i}`, content: `第 ${n}-${i} 个问题` }));
      return ok({ items, nextCursor: n < pages.length ? `c${n}` : null, instructor: INSTRUCTOR });
    },
    askQuestion: (req) => {
      asked.push(req);
      return req.content.includes('违规') ? fail('CONTENT_REJECTED', '内容含有违规信息') : ok({ question: questionView({ id: 'q-new', content: req.content, mine: true }) });
    },
  });
  return { listed, asked };
}

describe('question-list', () => {
  it('shows the listed questions of a lesson, a page at a time by cursor', async () => {
    const { listed } = questionCloud([2, 1]);
    const list = loadComponent('components/question-list/index', { courseId: 'course-time', lessonId: 'course-time-l1' });
    await settle();
    // nothing is asked of the cloud until the learner opens 问答
    expect(listed).toEqual([]);
    await tap(list, '.header');
    expect(texts(list, '.item >>> .content')).toEqual(['第 1-0 个问题', '第 1-1 个问题']);
    await tap(list, '.more');
    expect(texts(list, '.item >>> .content')).toHaveLength(3);
    expect(listed).toEqual([
      { courseId: 'course-time', lessonId: 'course-time-l1' },
      { courseId: 'course-time', lessonId: 'course-time-l1', cursor: 'c1' },
    ]);
    expect(find(list, '.more')).toBeFalsy();
    // no box for a learner who does not own the course
    expect(find(list, '.ask')).toBeFalsy();
  });

  it('lets an owner ask, and says why a question was refused', async () => {
    const toast = spyToast();
    const { asked } = questionCloud([0]);
    const list = loadComponent('components/question-list/index', { courseId: 'course-time', owned: true });
    await tap(list, '.header');
    expect(find(list, '.empty')).toBeTruthy();
    await emit(list, '.draft', 'change', { value: '短' });
    await tap(list, '.ask-button', '.t-button');
    expect(asked).toEqual([]);
    await emit(list, '.draft', 'change', { value: '  番茄钟每次多长合适？ ' });
    await tap(list, '.ask-button', '.t-button');
    expect(asked).toEqual([{ courseId: 'course-time', content: '番茄钟每次多长合适？' }]);
    expect(texts(list, '.item >>> .content')).toEqual(['番茄钟每次多长合适？']);
    await emit(list, '.draft', 'change', { value: '一段违规的内容' });
    await tap(list, '.ask-button', '.t-button');
    expect(toast).toHaveBeenLastCalledWith({ title: '内容含有违规信息', icon: 'none' });
  });

  it('leads to the teacher’s 付费提问 where selling is allowed', async () => {
    const nav = spyNavigation();
    questionCloud();
    const list = loadComponent('components/question-list/index', { courseId: 'course-time' });
    await tap(list, '.header');
    await tap(list, '.paid-question', '.t-cell');
    expect(nav.navigateTo).toHaveBeenCalledWith({ url: '/pages/instructor/index?id=ins-linxiao' });

    setPlatform('ios');
    questionCloud();
    const ios = loadComponent('components/question-list/index', { courseId: 'course-time' });
    await tap(ios, '.header');
    expect(texts(ios, '.item >>> .content')).toHaveLength(2);
    expect(find(ios, '.paid-question')).toBeFalsy();
  });
});
