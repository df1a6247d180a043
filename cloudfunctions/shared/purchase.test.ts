/**
 * The purchase path end to end, as the mini-program and WeChat Pay drive it
 * through the emulator's HTTP API, and the contract every function keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { adminRequestSchemas } from '../../typings/admin-api';
import { requestSchemas, type FunctionName } from '../../typings/api';
import { buyCourse, callAs, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
}, 60_000);
afterAll(() => cloud?.stop());

describe('a learner buys a course and learns', () => {
  it('browses, tries a preview, pays, waits for the notification, and opens the paid lessons', async () => {
    const me = 'o_e2e';
    expect((await dataOf(cloud, me, 'login', {})).user.openid).toBe(me);
    const { items } = await dataOf(cloud, me, 'listCourses', { categoryId: 'tech' });
    const course = items.find((c) => c.id === 'course-ts')!;
    expect(course).toMatchObject({ priceFen: 19900, owned: false });

    const detail = await dataOf(cloud, me, 'getCourse', { courseId: course.id });
    const lessons = detail.course.chapters.flatMap((c) => c.lessons);
    const preview = lessons.find((l) => l.freePreview)!;
    const paid = lessons.find((l) => !l.freePreview)!;
    expect((await dataOf(cloud, me, 'getLesson', { lessonId: preview.id })).lesson.id).toBe(preview.id);
    expect(await callAs(cloud, me, 'getLesson', { lessonId: paid.id })).toMatchObject({ ok: false, error: { code: 'NOT_PURCHASED' } });

    const { order } = await dataOf(cloud, me, 'createOrder', { courseId: course.id });
    expect(order.amountFen).toBe(19900);
    const { payment } = await dataOf(cloud, me, 'unifiedPay', { orderId: order.id });
    expect(payment.package).toMatch(/^prepay_id=/);
    // the payment sheet: the learner pays; the notification is asynchronous
    await cloud.pay.succeed(order.outTradeNo, { wait: false });
    let status = 'unpaid';
    for (let poll = 0; poll < 50 && status !== 'paid'; poll += 1) {
      status = (await dataOf(cloud, me, 'getOrder', { orderId: order.id })).order.status;
      if (status !== 'paid') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('paid');

    expect((await dataOf(cloud, me, 'getCourse', { courseId: course.id })).owned).toBe(true);
    expect((await dataOf(cloud, me, 'getLesson', { lessonId: paid.id })).lesson.id).toBe(paid.id);
    expect((await dataOf(cloud, me, 'myCourses', {})).items.map((i) => i.course.id)).toEqual([course.id]);
    expect((await dataOf(cloud, me, 'listOrders', { status: 'paid' })).items.map((o) => o.id)).toEqual([order.id]);
  });

  it('hands out storage only as temp URLs: no answer carries a cloud:// file ID', async () => {
    const me = 'o_no_file_ids';
    const bought = await buyCourse(cloud, me, 'course-song');
    const answers = [
      await dataOf(cloud, me, 'listCourses', { includeCategories: true }),
      await dataOf(cloud, me, 'getCourse', { courseId: 'course-song' }),
      await dataOf(cloud, me, 'getCourse', { courseId: 'course-art' }),
      await dataOf(cloud, me, 'createOrder', { courseId: 'course-art' }),
      await dataOf(cloud, me, 'getOrder', { orderId: bought.id }),
      await dataOf(cloud, me, 'listOrders', {}),
      await dataOf(cloud, me, 'myCourses', {}),
      await dataOf(cloud, me, 'getLesson', { lessonId: 'course-song-l2' }),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain('cloud://');
    const cover = await fetch((answers[1] as { course: { coverUrl: string } }).course.coverUrl);
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toContain('image/jpeg');
  });

  it('leaves the course unowned when the learner cancels the payment sheet', async () => {
    const me = 'o_cancel';
    const { order } = await dataOf(cloud, me, 'createOrder', { courseId: 'course-art' });
    await dataOf(cloud, me, 'unifiedPay', { orderId: order.id });
    await cloud.pay.cancel(order.outTradeNo);
    expect((await dataOf(cloud, me, 'getOrder', { orderId: order.id })).order.status).toBe('unpaid');
    expect((await dataOf(cloud, me, 'getCourse', { courseId: 'course-art' })).unpaidOrder?.id).toBe(order.id);
    // and can pay the same order later
    await dataOf(cloud, me, 'unifiedPay', { orderId: order.id });
  });
});

/** Malformed requests of every kind: each function answers INVALID_INPUT and writes nothing. */
const MALFORMED: unknown[] = [
  { unexpectedField: true },
  { courseId: 1, orderId: 1, lessonId: 1, page: 'x', pageSize: 1000, nickname: 7, positionSec: 'x', status: 'stolen', sort: 5 },
  { courseId: '', orderId: '', lessonId: '' },
  { openid: 'o_victim' },
];

describe('the contract of every function', () => {
  it('answers INVALID_INPUT to malformed requests, with no write', async () => {
    const names = Object.keys(requestSchemas) as FunctionName[];
    const sizes = async () => Promise.all(['users', 'orders', 'payments', 'entitlements', 'progress', 'pendingOrders', 'reviews'].map(async (c) => (await cloud.find(c)).length));
    const before = await sizes();
    for (const name of names) {
      for (const bad of MALFORMED) {
        // operator functions refuse a learner before reading the input (FORBIDDEN), so an operator sends the junk
        const caller = name in adminRequestSchemas ? DEMO_OPERATOR_OPENID : 'o_malformed';
        const result = await callAs(cloud, caller, name, bad as Record<string, unknown>);
        expect(result, `${name} ${JSON.stringify(bad)}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.any(String) } });
      }
    }
    expect(await sizes()).toEqual(before);
    // every function, cold, several times over: a minute and more on a loaded machine
  }, 180_000);

  it('answers UNAUTHENTICATED without a WeChat identity', async () => {
    const answer = await cloud.call('listOrders', {}, { openid: '' });
    expect(answer.result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
