/**
 * listOrders and getOrder through the emulator: every kind of order names
 * what the 我的订单 page links it to — a course order its course (`courseId`),
 * a bundle or plan order its bundle or plan (`productId`, its `courseId`
 * being only a product key), a paid question none.
 */
import { describe, expect, it } from 'vitest';
import { buyBundle, buyCourse, dataOf, demoCloudForSuite } from '../../test/cloud/demo';

const suite = demoCloudForSuite();

describe('listOrders and getOrder', () => {
  it('give each order its kind and the bundle or plan it buys, null for courses and questions', async () => {
    const me = 'o_orders_kinds';
    const course = await buyCourse(suite.cloud, me, 'course-sleep');
    const bundle = await buyBundle(suite.cloud, me, 'fullstack');
    // unpaid: 去支付 takes it to the plan's confirm page
    const { order: plan } = await dataOf(suite.cloud, me, 'createOrder', { kind: 'membership', id: 'month', couponId: null });
    const { order: question } = await dataOf(suite.cloud, me, 'askPaidQuestion', { instructorId: 'ins-linxiao', content: '请问老师：每天该怎么安排学习时间？', public: false });

    const { items } = await dataOf(suite.cloud, me, 'listOrders', { pageSize: 10 });
    const byId = new Map(items.map((o) => [o.id, o]));
    expect(byId.get(course.id)).toMatchObject({ kind: 'course', courseId: 'course-sleep', productId: null, status: 'paid' });
    expect(byId.get(bundle.id)).toMatchObject({ kind: 'bundle', courseId: 'bundle-fullstack', productId: 'fullstack', status: 'paid' });
    expect(byId.get(plan.id)).toMatchObject({ kind: 'membership', courseId: 'plan-month', productId: 'month', status: 'unpaid' });
    expect(byId.get(question.id)).toMatchObject({ kind: 'question', productId: null, status: 'unpaid' });
    expect(items).toHaveLength(4);

    for (const order of items) expect((await dataOf(suite.cloud, me, 'getOrder', { orderId: order.id })).order).toEqual({ ...order, courseCoverUrl: expect.any(String) });
    // what createOrder answered is the same view
    expect(plan.productId).toBe('month');
  });
});
