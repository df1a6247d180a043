/**
 * Free questions under a course: owners ask, the course's teacher (or an
 * operator) answers, anyone reads the listed ones on the course page and
 * under the lesson, a page at a time by cursor, through declared indexes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { useSdk } from '../../test/cloud/sdk';
import type * as WxServerSdk from 'wx-server-sdk';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
  await buyCourse(cloud, OWNER, 'course-ts');
}, 60_000);
afterAll(() => cloud?.stop());

const OWNER = 'o_fq_owner';
const ZHOU = 'o_demo_instructor_zhou';
const LESSON = 'course-ts-l1';

describe('askQuestion', () => {
  it('is for owners of the course only, and writes nothing on a refusal or bad input', async () => {
    const before = (await cloud.find('questions')).length;
    expect(await callAs(cloud, 'o_fq_stranger', 'askQuestion', { courseId: 'course-ts', content: '没买课可以提问吗？' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_PURCHASED' },
    });
    for (const bad of [
      { courseId: 'course-ts', content: '短' },
      { courseId: 'course-ts', content: '   四个字   ' },
      { courseId: 'course-ts', content: '长'.repeat(501) },
      { courseId: 'course-ts', content: '正常的问题内容', openid: 'o_victim' },
      { courseId: 'course-ts', content: '正常的问题内容', status: 'answered' },
      { courseId: '', content: '正常的问题内容' },
    ]) {
      expect(await callAs(cloud, OWNER, 'askQuestion', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await callAs(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', lessonId: 'course-art-l1', content: '别的课程的课时？' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await cloud.find('questions')).toHaveLength(before);
  });

  it('lists an owner’s question, trimmed, on the course page and under its lesson, with the course’s teacher', async () => {
    const { question } = await dataOf(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', lessonId: LESSON, content: '  泛型约束什么时候用 extends？  ' });
    expect(question).toMatchObject({ kind: 'free', status: 'open', content: '泛型约束什么时候用 extends？', mine: true, priceFen: 0 });
    const onCourse = await dataOf(cloud, 'o_fq_reader', 'listQuestions', { courseId: 'course-ts' });
    expect(onCourse.items.map((q) => q.id)).toContain(question.id);
    expect(onCourse.instructor).toMatchObject({ id: 'ins-zhoucheng', name: '周程', questionPriceFen: expect.any(Number) });
    expect(onCourse.items.find((q) => q.id === question.id)).toMatchObject({ mine: false, orderId: null });
    expect((await dataOf(cloud, 'o_fq_reader', 'listQuestions', { courseId: 'course-ts', lessonId: LESSON })).items.map((q) => q.id)).toEqual([question.id]);
    expect((await dataOf(cloud, 'o_fq_reader', 'listQuestions', { courseId: 'course-ts', lessonId: 'course-ts-l2' })).items).toEqual([]);
    expect(JSON.stringify(onCourse)).not.toMatch(/o_fq_owner|o_demo_instructor/);
  });

  it('is answered by the course’s teacher or an operator, not by a learner nor another teacher', async () => {
    const { question } = await dataOf(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', content: '类型体操有必要学吗？' });
    const reply = { questionId: question.id, content: '够用就好，先把基础类型学扎实。' };
    expect(await callAs(cloud, OWNER, 'answerQuestion', reply)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await callAs(cloud, 'o_demo_instructor_lin', 'answerQuestion', reply)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await callAs(cloud, ZHOU, 'answerQuestion', { questionId: question.id, content: '短' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callAs(cloud, ZHOU, 'answerQuestion', reply)).toMatchObject({ ok: true, data: { question: { status: 'answered', answer: { byName: '周程' } } } });
    expect(await callAs(cloud, DEMO_OPERATOR_OPENID, 'answerQuestion', reply)).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });
    const second = (await dataOf(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', content: '运营也能回答吗？' })).question;
    expect(await callAs(cloud, DEMO_OPERATOR_OPENID, 'answerQuestion', { questionId: second.id, content: '可以，由助教回答。' })).toMatchObject({ ok: true });
    const mine = (await dataOf(cloud, OWNER, 'myQuestions', {})).items.find((q) => q.id === question.id);
    expect(mine).toMatchObject({ status: 'answered', answer: { content: reply.content } });
  });

  it('pages by cursor, at most a page a call', async () => {
    for (let i = 0; i < 12; i += 1) await dataOf(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', lessonId: 'course-ts-l3', content: `第 ${i} 个问题内容` });
    // all asked in one millisecond: the page's edge is told apart by _id, nothing skipped or repeated
    const db = (useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
    await db.collection('questions').where({ lessonId: 'course-ts-l3' }).update({ data: { createdAt: new Date('2026-11-11T11:11:11Z') } });
    const first = await dataOf(cloud, 'o_fq_reader', 'listQuestions', { courseId: 'course-ts', lessonId: 'course-ts-l3' });
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await dataOf(cloud, 'o_fq_reader', 'listQuestions', { courseId: 'course-ts', lessonId: 'course-ts-l3', cursor: first.nextCursor! });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((q) => q.id)).size).toBe(12);
    expect(await callAs(cloud, 'o_fq_reader', 'listQuestions', { courseId: 'course-ts', cursor: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('runs every question through the content check: risky refused with nothing written, review or unchecked held from everyone', async () => {
    await fetch(`${cloud.url}/api/openapi/security`, { method: 'POST', body: JSON.stringify({ risky: ['违禁词'], review: ['待审词'], failing: ['故障词'] }) });
    const counts = async () => [(await cloud.find('questions')).length, (await cloud.find('orders')).length];
    const before = await counts();
    expect(await callAs(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', content: '这里有违禁词的问题' })).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
    expect(await callAs(cloud, OWNER, 'askPaidQuestion', { instructorId: 'ins-linxiao', content: '付费的违禁词问题', public: true })).toMatchObject({
      ok: false,
      error: { code: 'CONTENT_REJECTED' },
    });
    expect(await counts()).toEqual(before);

    const review = (await dataOf(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', lessonId: 'course-ts-l4', content: '一个待审词的问题' })).question;
    const unchecked = (await dataOf(cloud, OWNER, 'askQuestion', { courseId: 'course-ts', lessonId: 'course-ts-l4', content: '一个故障词的问题' })).question;
    expect([review.status, unchecked.status]).toEqual(['held', 'held']);
    expect((await dataOf(cloud, 'o_fq_reader', 'listQuestions', { courseId: 'course-ts', lessonId: 'course-ts-l4' })).items).toEqual([]);
    expect(await callAs(cloud, ZHOU, 'answerQuestion', { questionId: review.id, content: '审核中的问题不能回答' })).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });
    expect((await dataOf(cloud, OWNER, 'myQuestions', {})).items.map((q) => q.id)).toEqual(expect.arrayContaining([review.id, unchecked.id]));

    // a paid one held is paid but not delivered, and no deadline runs
    const paid = await dataOf(cloud, OWNER, 'askPaidQuestion', { instructorId: 'ins-linxiao', content: '付费的待审词问题', public: true });
    await dataOf(cloud, OWNER, 'unifiedPay', { orderId: paid.order.id });
    await cloud.pay.succeed(paid.order.outTradeNo);
    expect((await cloud.find('questions', { _id: paid.question.id }))[0]).toMatchObject({ status: 'held', deadlineAt: null, moderation: 'review' });
    expect((await dataOf(cloud, 'o_demo_instructor_lin', 'listInstructorQuestions', { status: 'open' })).items).toEqual([]);
    await fetch(`${cloud.url}/api/openapi/security`, { method: 'POST', body: JSON.stringify({ risky: [], review: [], failing: [] }) });
  });

  it('makes no query that a declared index does not serve', () => {
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});
