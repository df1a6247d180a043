/**
 * Reviews and ratings through the real wx-server-sdk on the emulator: who may
 * review, WeChat's content check deciding published / pending / refused, the
 * course's rating kept in step with every change, paging, and moderation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WxServerSdk from 'wx-server-sdk';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { useSdk } from '../../test/cloud/sdk';

let cloud: TestCloud;
let db: ReturnType<typeof WxServerSdk.database>;
beforeAll(async () => {
  cloud = await startDemoCloud({ refundDelayMs: null });
  db = (useSdk(cloud.sdkEnv({ source: 'wx_cloudfunction' })) as unknown as typeof WxServerSdk).database();
  cloud.emulator.openapi.setSecurityWords({ risky: ['违禁词'], review: ['待审词'], failing: ['检测故障'] });
}, 60_000);
afterAll(() => cloud?.stop());

const OP = DEMO_OPERATOR_OPENID;
const GOOD = '讲得清楚，例子也很实用';

/** a learner with a nickname who owns the course */
async function owner(openid: string, courseId: string, nickname = `昵称${openid.slice(-4)}`): Promise<string> {
  await dataOf(cloud, openid, 'login', {});
  await dataOf(cloud, openid, 'updateProfile', { nickname });
  await buyCourse(cloud, openid, courseId);
  return openid;
}

const reviewsOf = (courseId: string) => cloud.find('reviews', { courseId });
const course = async (courseId: string) => (await cloud.find('courses', { _id: courseId }))[0]!;

/** The course's rating fields against its published reviews, worked out again from scratch. */
async function expectRatingInStep(courseId: string, count: number, avg: number): Promise<void> {
  const published = (await reviewsOf(courseId)).filter((r) => r.status === 'published');
  const sum = published.reduce((s, r) => s + (r.rating as number), 0);
  expect(await course(courseId)).toMatchObject({ ratingCount: count, ratingSum: sum, ratingAvg: avg });
  expect(published).toHaveLength(count);
  const { course: detail } = await dataOf(cloud, 'o_rv_passerby', 'getCourse', { courseId });
  expect(detail).toMatchObject({ ratingCount: count, ratingAvg: avg });
}

describe('who may review', () => {
  it('refuses a learner who does not own the course, and one whose purchase was refunded', async () => {
    expect(await callAs(cloud, 'o_rv_stranger', 'submitReview', { courseId: 'course-time', rating: 5, content: GOOD })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const order = await buyCourse(cloud, 'o_rv_refunded', 'course-time');
    const { outRefundNo } = await dataOf(cloud, OP, 'refundOrder', { orderId: order.id, reason: '学员申请退款' });
    await cloud.pay.completeRefund(outRefundNo);
    expect(await callAs(cloud, 'o_rv_refunded', 'submitReview', { courseId: 'course-time', rating: 5, content: GOOD })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await reviewsOf('course-time')).toEqual([]);
  });

  it('answers INVALID_INPUT to a bad rating or content, and writes nothing', async () => {
    const me = await owner('o_rv_bad', 'course-sleep');
    for (const bad of [
      { courseId: 'course-sleep', rating: 0, content: GOOD },
      { courseId: 'course-sleep', rating: 6, content: GOOD },
      { courseId: 'course-sleep', rating: 4.5, content: GOOD },
      { courseId: 'course-sleep', rating: 5, content: '  太短了  ' },
      { courseId: 'course-sleep', rating: 5, content: '好'.repeat(501) },
      { courseId: 'course-sleep', rating: 5, content: GOOD, openid: 'o_other' },
      { courseId: 'course-sleep', rating: 5 },
    ]) {
      expect(await callAs(cloud, me, 'submitReview', bad), JSON.stringify(bad).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await reviewsOf('course-sleep')).toEqual([]);
    // trimmed, 5 characters is enough
    const { review } = await dataOf(cloud, me, 'submitReview', { courseId: 'course-sleep', rating: 4, content: '  睡得更好了  ' });
    expect(review).toMatchObject({ content: '睡得更好了', status: 'published', mine: true, authorName: '昵称_bad' });
  });
});

describe('the content check', () => {
  it('refuses risky text with CONTENT_REJECTED and writes nothing', async () => {
    const me = await owner('o_rv_risky', 'course-art');
    expect(await callAs(cloud, me, 'submitReview', { courseId: 'course-art', rating: 1, content: '这里有违禁词出现' })).toMatchObject({
      ok: false,
      error: { code: 'CONTENT_REJECTED', message: expect.stringContaining('修改') },
    });
    expect(await reviewsOf('course-art')).toEqual([]);
    expect(cloud.emulator.openapi.messages().at(-1)).toMatchObject({ apiName: 'security.msgSecCheck', params: { openid: me, scene: 2, version: 2 } });
  });

  it('holds text WeChat wants reviewed as pending: shown to its author only, queued for operators, not counted', async () => {
    const me = await owner('o_rv_pending', 'course-english');
    const { review, rating } = await dataOf(cloud, me, 'submitReview', { courseId: 'course-english', rating: 2, content: '内容里有待审词' });
    expect(review).toMatchObject({ status: 'pending', mine: true });
    expect(rating).toEqual({ ratingAvg: 0, ratingCount: 0 });
    expect((await dataOf(cloud, me, 'getCourse', { courseId: 'course-english' })).reviews).toEqual([expect.objectContaining({ id: review.id, status: 'pending', mine: true })]);
    expect((await dataOf(cloud, me, 'listReviews', { courseId: 'course-english' })).items.map((r) => r.id)).toEqual([review.id]);
    expect((await dataOf(cloud, 'o_rv_other', 'getCourse', { courseId: 'course-english' })).reviews).toEqual([]);
    expect((await dataOf(cloud, 'o_rv_other', 'listReviews', { courseId: 'course-english' })).items).toEqual([]);
    const queue = await dataOf(cloud, OP, 'adminListReviews', { status: 'pending' });
    expect(queue.items).toContainEqual(expect.objectContaining({ id: review.id, openid: me, check: 'review', status: 'pending' }));
    await expectRatingInStep('course-english', 0, 0);
  });

  it('holds the review as pending when the check itself fails, and loses nothing', async () => {
    const me = await owner('o_rv_unchecked', 'course-english');
    const { review } = await dataOf(cloud, me, 'submitReview', { courseId: 'course-english', rating: 5, content: '检测故障时写的评价' });
    expect(review).toMatchObject({ status: 'pending', content: '检测故障时写的评价' });
    expect((await cloud.find('reviews', { _id: review.id }))[0]).toMatchObject({ status: 'pending', check: 'unchecked' });
    await expectRatingInStep('course-english', 0, 0);
  });
});

describe('the course rating', () => {
  it('publishes passing text and counts it; an edit, moderation and delete recount in step', async () => {
    const alice = await owner('o_rv_alice', 'course-run', '爱丽丝');
    const bob = await owner('o_rv_bob', 'course-run', '鲍勃');
    const a = (await dataOf(cloud, alice, 'submitReview', { courseId: 'course-run', rating: 5, content: GOOD })).review;
    expect(a).toMatchObject({ status: 'published', rating: 5, authorName: '爱丽丝' });
    const b = await dataOf(cloud, bob, 'submitReview', { courseId: 'course-run', rating: 2, content: '节奏有点快，但能坚持' });
    expect(b.rating).toEqual({ ratingAvg: 3.5, ratingCount: 2 });
    await expectRatingInStep('course-run', 2, 3.5);

    // others see it by nickname, never the author's openid
    const seen = await dataOf(cloud, 'o_rv_passerby', 'getCourse', { courseId: 'course-run' });
    expect(seen.reviews.map((r) => [r.authorName, r.mine])).toEqual([
      ['鲍勃', false],
      ['爱丽丝', false],
    ]);
    const listed = await dataOf(cloud, 'o_rv_passerby', 'listReviews', { courseId: 'course-run' });
    for (const answer of [seen, listed]) expect(JSON.stringify(answer)).not.toMatch(/o_rv_(alice|bob)/);

    // a second submit edits the same review
    const edited = await dataOf(cloud, alice, 'submitReview', { courseId: 'course-run', rating: 3, content: '再看一遍，觉得还行' });
    expect(edited.review.id).toBe(a.id);
    expect(await reviewsOf('course-run')).toHaveLength(2);
    await expectRatingInStep('course-run', 2, 2.5);
    // edited into text to review: no longer counted
    await dataOf(cloud, alice, 'submitReview', { courseId: 'course-run', rating: 4, content: '改成了待审词的内容' });
    await expectRatingInStep('course-run', 1, 2);

    // an operator publishes it, hides another, replies
    expect((await dataOf(cloud, OP, 'moderateReview', { reviewId: a.id, action: 'publish', reason: '人工复核通过' })).rating).toEqual({ ratingAvg: 3, ratingCount: 2 });
    await expectRatingInStep('course-run', 2, 3);
    const hidden = await dataOf(cloud, OP, 'moderateReview', { reviewId: b.review.id, action: 'hide', reason: '与课程无关' });
    expect(hidden.review).toMatchObject({ status: 'hidden', moderation: { action: 'hide', reason: '与课程无关' } });
    await expectRatingInStep('course-run', 1, 4);
    // hidden again changes nothing; the author still sees theirs, others do not
    await dataOf(cloud, OP, 'moderateReview', { reviewId: b.review.id, action: 'hide', reason: '再次' });
    await expectRatingInStep('course-run', 1, 4);
    expect((await dataOf(cloud, bob, 'getCourse', { courseId: 'course-run' })).reviews[0]).toMatchObject({ id: b.review.id, status: 'hidden', mine: true });
    expect((await dataOf(cloud, 'o_rv_passerby', 'getCourse', { courseId: 'course-run' })).reviews.map((r) => r.id)).toEqual([a.id]);
    await dataOf(cloud, OP, 'replyReview', { reviewId: a.id, content: '感谢反馈！' });
    expect((await dataOf(cloud, 'o_rv_passerby', 'getCourse', { courseId: 'course-run' })).reviews[0].reply).toMatchObject({ content: '感谢反馈！' });

    // only its author deletes a review
    expect(await callAs(cloud, bob, 'deleteReview', { reviewId: a.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await dataOf(cloud, alice, 'deleteReview', { reviewId: a.id })).rating).toEqual({ ratingAvg: 0, ratingCount: 0 });
    await expectRatingInStep('course-run', 0, 0);
    expect(await callAs(cloud, alice, 'deleteReview', { reviewId: a.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps one review and a true count when one learner submits 10 times at once', async () => {
    const me = await owner('o_rv_racer', 'course-cloud');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => callAs(cloud, me, 'submitReview', { courseId: 'course-cloud', rating: (i % 5) + 1, content: `第 ${i} 次提交的评价` })),
    );
    expect(answers.every((a) => a.ok)).toBe(true);
    const stored = await reviewsOf('course-cloud');
    expect(stored).toHaveLength(1);
    await expectRatingInStep('course-cloud', 1, stored[0].rating as number);
  });
});

describe('listReviews', () => {
  it('pages published reviews newest first, the caller’s own first and only once, bounded and indexed', async () => {
    const me = await owner('o_rv_pager', 'course-japanese');
    const others = Array.from({ length: 23 }, (_, i) => ({
      _id: `rv_seeded_${String(i).padStart(2, '0')}`,
      courseId: 'course-japanese',
      openid: `o_rv_seed_${i}`,
      rating: 4,
      content: `第 ${i} 条评价内容`,
      status: i === 5 ? 'hidden' : 'published',
      check: 'pass',
      reply: null,
      moderation: null,
      // two share a time: the _id orders them
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, Math.min(i, 20))),
      updatedAt: new Date(Date.UTC(2026, 0, 1)),
    }));
    for (const { _id, ...data } of others) await db.collection('reviews').doc(_id).set({ data });
    const mine = (await dataOf(cloud, me, 'submitReview', { courseId: 'course-japanese', rating: 5, content: '五十音终于记住了' })).review;

    const seenIds: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await dataOf(cloud, me, 'listReviews', { courseId: 'course-japanese', pageSize: 10, ...(cursor ? { cursor } : {}) });
      expect(await cloud.roundTrips('listReviews')).toBeLessThanOrEqual(3);
      seenIds.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    const expected = [...others]
      .filter((o) => o.status === 'published')
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y._id < x._id ? -1 : 1))
      .map((o) => o._id);
    expect(seenIds).toEqual([mine.id, ...expected]);
    expect(pages).toBe(3);
    expect(await callAs(cloud, me, 'listReviews', { courseId: 'course-japanese', pageSize: 21 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await callAs(cloud, me, 'listReviews', { courseId: 'course-japanese', cursor: 'nonsense' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // the course page: own first, then the newest two, in its three round trips
    const { reviews } = await dataOf(cloud, me, 'getCourse', { courseId: 'course-japanese' });
    expect(reviews.map((r) => r.id)).toEqual([mine.id, ...expected.slice(0, 2)]);
    expect(await cloud.roundTrips('getCourse')).toBeLessThanOrEqual(3);
    expect(cloud.unindexedQueries()).toEqual([]);
  });
});

describe('operators', () => {
  it('refuses learners the operator functions with FORBIDDEN', async () => {
    for (const [name, data] of [
      ['adminListReviews', { status: 'pending' }],
      ['moderateReview', { reviewId: 'rv_x', action: 'publish', reason: '' }],
      ['replyReview', { reviewId: 'rv_x', content: '你好' }],
    ] as const) {
      expect(await callAs(cloud, 'o_rv_sneaky', name, data), name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await callAs(cloud, OP, 'moderateReview', { reviewId: 'rv_none', action: 'publish' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await callAs(cloud, OP, 'replyReview', { reviewId: 'rv_none', content: '你好' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
