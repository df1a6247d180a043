/**
 * Paid questions (付费提问) through the emulator, money first: asked at the
 * teacher's price (the server's), paid through unifiedPay and WeChat Pay's
 * sheet, delivered to the teacher once however often the notification comes,
 * refunded in full once past the deadline unless answered first, and the
 * books balance: Σ payments − Σ refunds = Σ paid orders, of every kind.
 * Refunds complete only when the test says so (refundDelayMs: null).
 */
import { describe, expect, it } from 'vitest';
import { collections } from '../../database-schema';
import { DEMO_QUESTION_SETTINGS } from '../../database-schema/seed/instructors';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { beijingDay } from '../shared/orders/revenue';
import { buyCourse, callAs, dataOf, demoCloudForSuite, subscribeMessagesTo } from '../../test/cloud/demo';
import { opsOn } from '../../test/cloud/ops';

const suite = demoCloudForSuite({ refundDelayMs: null });

/** 林晓 (990 fen a question) and 周程 */
const LIN = { id: 'ins-linxiao', openid: 'o_demo_instructor_lin' };
const ZHOU = { id: 'ins-zhoucheng', openid: 'o_demo_instructor_zhou' };

interface PayOrderView {
  outTradeNo: string;
  state: string;
  refunds: { outRefundNo: string; refundFee: number; status: string }[];
}
const payOrder = async (outTradeNo: string) => ((await suite.cloud.pay.orders()) as PayOrderView[]).find((o) => o.outTradeNo === outTradeNo)!;
const questionDoc = async (id: string) => (await suite.cloud.find('questions', { _id: id }))[0]!;
const orderDoc = async (id: string) => (await suite.cloud.find('orders', { _id: id }))[0]!;

/** asks and pays, the notification delivered `deliveries` times at once */
async function askAndPay(openid: string, instructorId = LIN.id, options: { public?: boolean; deliveries?: number } = {}) {
  const asked = await dataOf(suite.cloud, openid, 'askPaidQuestion', { instructorId, content: `请问老师：${openid} 该怎么安排每天的时间？`, public: options.public ?? false });
  await dataOf(suite.cloud, openid, 'unifiedPay', { orderId: asked.order.id });
  await suite.cloud.pay.succeed(asked.order.outTradeNo, { deliveries: options.deliveries ?? 1 });
  return asked;
}
const pastDeadline = (questionId: string) => suite.db.collection('questions').doc(questionId).update({ data: { deadlineAt: new Date(Date.now() - 1000) } });
const runTimer = async () => {
  const answer = await suite.cloud.call<{ ok: boolean; data: { refunding: number; resent: number; failed: number } }>('refundUnansweredQuestions', {}, { source: 'wx_trigger' });
  expect(answer.result?.ok).toBe(true);
  return answer.result!.data;
};
const answer = (questionId: string, by = LIN.openid) => callAs(suite.cloud, by, 'answerQuestion', { questionId, content: '先列出三件最重要的事，再排时间。' });

describe('asking a paid question', () => {
  it('prices it on the server, at the teacher’s price, and refuses a price in the request', async () => {
    const me = 'o_q_price';
    expect(await callAs(suite.cloud, me, 'askPaidQuestion', { instructorId: LIN.id, content: '一个关于价格的问题？', public: false, priceFen: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const { order, question } = await dataOf(suite.cloud, me, 'askPaidQuestion', { instructorId: LIN.id, content: '一个关于价格的问题？', public: false });
    expect(order).toMatchObject({ amountFen: 990, status: 'unpaid', courseTitle: '付费提问 · 林晓' });
    expect(question).toMatchObject({ status: 'awaiting_payment', priceFen: 990, mine: true, orderId: order.id });
    expect(await orderDoc(order.id)).toMatchObject({ kind: 'question', questionId: question.id, courseId: `question-${LIN.id}`, amountFen: 990 });

    // only a teacher sets a price; the new one prices the next question
    expect(await callAs(suite.cloud, me, 'setQuestionPrice', { questionPriceFen: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await dataOf(suite.cloud, ZHOU.openid, 'setQuestionPrice', { questionPriceFen: 4900 })).instructor.questionPriceFen).toBe(4900);
    expect((await dataOf(suite.cloud, me, 'askPaidQuestion', { instructorId: ZHOU.id, content: '价格改了之后的问题', public: true })).order.amountFen).toBe(4900);
    await dataOf(suite.cloud, ZHOU.openid, 'setQuestionPrice', { questionPriceFen: null });
    expect(await callAs(suite.cloud, me, 'askPaidQuestion', { instructorId: ZHOU.id, content: '不接受提问时的问题', public: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ON_SALE' },
    });
    await dataOf(suite.cloud, ZHOU.openid, 'setQuestionPrice', { questionPriceFen: 2900 });
    // no OPENID of anyone on the wire
    expect(JSON.stringify(await dataOf(suite.cloud, me, 'getInstructor', { instructorId: LIN.id }))).not.toContain('o_demo_instructor');
  });

  it('keeps an unpaid question from the teacher, and delivers it once paid, once under duplicate notifications', async () => {
    const me = 'o_q_deliver';
    const { question, order } = await dataOf(suite.cloud, me, 'askPaidQuestion', { instructorId: LIN.id, content: '还没付款的问题会被看到吗？', public: false });
    const inbox = async () => (await dataOf(suite.cloud, LIN.openid, 'listInstructorQuestions', { status: 'open' })).items.filter((q) => q.id === question.id);
    expect(await inbox()).toEqual([]);
    expect(await answer(question.id)).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });

    await dataOf(suite.cloud, me, 'unifiedPay', { orderId: order.id });
    await suite.cloud.pay.succeed(order.outTradeNo, { deliveries: 4 });
    const [delivered] = await inbox();
    expect(delivered).toMatchObject({ status: 'open', mine: false, orderId: null });
    expect(delivered!.deadlineAt! - delivered!.paidAt!).toBe(DEMO_QUESTION_SETTINGS.answerHours * 3600_000);
    expect(await suite.cloud.find('payments', { orderId: order.id })).toHaveLength(1);
    expect(await orderDoc(order.id)).toMatchObject({ status: 'paid' });
    // no course was granted for it
    expect(await suite.cloud.find('entitlements', { openid: me })).toEqual([]);
  });

  it('lets only the teacher asked answer, shows the answer to the asker, and a private question to no one else', async () => {
    const asker = 'o_q_private';
    const privateQ = (await askAndPay(asker, LIN.id, { public: false })).question;
    const publicQ = (await askAndPay(asker, LIN.id, { public: true })).question;
    expect(await answer(privateQ.id, 'o_q_other')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await answer(privateQ.id, asker)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await answer(privateQ.id, ZHOU.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await answer(privateQ.id)).toMatchObject({ ok: true, data: { question: { status: 'answered' } } });
    expect(await answer(publicQ.id)).toMatchObject({ ok: true });
    expect(await answer(publicQ.id)).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });

    const mine = (await dataOf(suite.cloud, asker, 'myQuestions', {})).items;
    expect(mine.find((q) => q.id === privateQ.id)).toMatchObject({ status: 'answered', answer: { content: expect.any(String), byName: '林晓' } });
    const listed = (await dataOf(suite.cloud, 'o_q_other', 'getInstructor', { instructorId: LIN.id })).questions.map((q) => q.id);
    expect(listed).toContain(publicQ.id);
    expect(listed).not.toContain(privateQ.id);
    expect((await dataOf(suite.cloud, 'o_q_other', 'myQuestions', {})).items).toEqual([]);
  });
});

describe('the answer deadline', () => {
  it('refunds an unanswered question in full once, tells the learner once, and the refund is final', async () => {
    const me = 'o_q_late';
    const { question, order } = await askAndPay(me);
    await pastDeadline(question.id);
    expect(await runTimer()).toMatchObject({ refunding: 1, failed: 0 });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'refunding' });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunding', outRefundNo: `R${order.outTradeNo}` });
    // run again (and from its trigger): nothing more is asked
    expect(await runTimer()).toMatchObject({ refunding: 0 });
    const fired = (await (await fetch(`${suite.cloud.url}/api/triggers/refundUnansweredQuestions/refundUnansweredQuestionsEvery10Minutes`, { method: 'POST' })).json()) as {
      result: unknown;
    };
    expect(fired.result).toMatchObject({ ok: true, data: { refunding: 0, failed: 0 } });
    expect((await payOrder(order.outTradeNo)).refunds).toEqual([expect.objectContaining({ refundFee: 990 })]);
    expect(await answer(question.id)).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });

    await suite.cloud.pay.completeRefund(`R${order.outTradeNo}`, { deliveries: 3 });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunded' });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'refunded', refundedAt: expect.any(Date) });
    const told = (await subscribeMessagesTo(suite.cloud, me)).filter((m) => m.params.template_id === DEMO_QUESTION_SETTINGS.refundedTemplateId);
    expect(told).toHaveLength(1);
    expect((await dataOf(suite.cloud, me, 'myQuestions', {})).items[0]).toMatchObject({ id: question.id, status: 'refunded' });
    expect(await suite.cloud.find('incidents')).toEqual([]);
  });

  it('an operator’s refund of a question order stops its answer at once, and refunds it once', async () => {
    const { question, order } = await askAndPay('o_q_op_refund');
    await dataOf(suite.cloud, DEMO_OPERATOR_OPENID, 'refundOrder', { orderId: order.id, reason: '学员申请退款' });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'refunding' });
    expect(await answer(question.id)).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });
    await pastDeadline(question.id);
    await runTimer();
    expect((await payOrder(order.outTradeNo)).refunds).toHaveLength(1);
    await suite.cloud.pay.completeRefund(`R${order.outTradeNo}`, { deliveries: 2 });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'refunded' });
    expect(await suite.cloud.find('entitlements', { openid: 'o_q_op_refund' })).toEqual([]);
  });

  it('refuses an answer once the deadline has passed, before the timer comes round, and the timer then refunds it', async () => {
    const { question, order } = await askAndPay('o_q_too_late');
    await pastDeadline(question.id);
    expect(await answer(question.id)).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'open', answerContent: null });
    expect(await runTimer()).toMatchObject({ refunding: 1 });
    expect((await payOrder(order.outTradeNo)).refunds).toHaveLength(1);
  });

  it('never refunds an answered question', async () => {
    const { question, order } = await askAndPay('o_q_answered');
    expect(await answer(question.id)).toMatchObject({ ok: true });
    await pastDeadline(question.id);
    expect(await runTimer()).toMatchObject({ refunding: 0 });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'paid' });
    expect((await payOrder(order.outTradeNo)).refunds).toEqual([]);
  });

  it('answer and deadline racing: answered or refunded, never both', async () => {
    const asked = await Promise.all(Array.from({ length: 6 }, (_, i) => askAndPay(`o_q_race_${i}`)));
    for (const { question } of asked) await pastDeadline(question.id);
    const answers = await Promise.all(asked.map(({ question }, i) => (i % 2 ? Promise.all([runTimer(), answer(question.id)]) : Promise.all([answer(question.id), runTimer(), runTimer()]))));
    for (const [i, { question, order }] of asked.entries()) {
      const answered = answers[i]!.find((a) => 'ok' in a) as { ok: boolean };
      const q = await questionDoc(question.id);
      const refunds = (await payOrder(order.outTradeNo)).refunds;
      if (answered.ok) {
        expect(q.status).toBe('answered');
        expect((await orderDoc(order.id)).status).toBe('paid');
        expect(refunds).toEqual([]);
      } else {
        expect(q).toMatchObject({ status: 'refunding', answerContent: null });
        expect((await orderDoc(order.id)).status).toBe('refunding');
        expect(refunds).toHaveLength(1);
        await suite.cloud.pay.completeRefund(`R${order.outTradeNo}`);
        expect(await questionDoc(question.id)).toMatchObject({ status: 'refunded' });
      }
    }
  });

  it('closes the question of an order that expired unpaid', async () => {
    const { question, order } = await dataOf(suite.cloud, 'o_q_expired', 'askPaidQuestion', { instructorId: LIN.id, content: '没付款就过期的问题', public: false });
    await suite.db.collection('orders').doc(order.id).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    await suite.cloud.call('closeExpiredOrders', {}, { source: 'wx_trigger' });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'closed' });
  });

  it('npm run ops -- questions lists them by status, refunds the overdue now, passes a held one', async () => {
    const ops = opsOn(() => suite.cloud);
    const { question, order } = await askAndPay('o_q_ops');
    await pastDeadline(question.id);
    const open = await ops('questions');
    expect(open.code).toBe(0);
    expect(open.out).toMatch(/past their deadline/);
    expect(open.out).toContain(question.id);
    expect((await ops('questions', '--refund-due')).out).toBe('refunds asked: 1, asked again: 0, failed: 0');
    expect((await ops('questions', '--status', 'refunding')).out).toContain(question.id);
    expect((await ops('questions', '--status', 'stolen')).code).toBe(2);
    await suite.cloud.pay.completeRefund(`R${order.outTradeNo}`);

    const held = (await askAndPay('o_q_held')).question;
    await suite.db.collection('questions').doc(held.id).update({ data: { status: 'held', deadlineAt: null, moderation: 'review' } });
    expect((await dataOf(suite.cloud, LIN.openid, 'listInstructorQuestions', { status: 'open' })).items.map((q) => q.id)).not.toContain(held.id);
    expect((await ops('questions', '--pass', held.id)).out).toMatch(/^passed .*: open, due /);
    expect((await dataOf(suite.cloud, LIN.openid, 'listInstructorQuestions', { status: 'open' })).items.map((q) => q.id)).toContain(held.id);
    // passed already: moderateQuestion refuses it
    const again = await ops('questions', '--pass', held.id);
    expect(again.code).toBe(1);
    expect(again.err).toContain('QUESTION_NOT_HELD');
  });

  it('delivers a question whose order was closed and then paid late: the money was taken', async () => {
    const { question, order } = await dataOf(suite.cloud, 'o_q_late_pay', 'askPaidQuestion', { instructorId: LIN.id, content: '关闭之后才付款的问题', public: false });
    await dataOf(suite.cloud, 'o_q_late_pay', 'unifiedPay', { orderId: order.id });
    await suite.db.collection('orders').doc(order.id).update({ data: { status: 'closed', closedAt: new Date() } });
    await suite.db.collection('questions').doc(question.id).update({ data: { status: 'closed' } });
    await suite.cloud.pay.succeed(order.outTradeNo, { deliveries: 2 });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'paid' });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'open', deadlineAt: expect.any(Date) });
  });

  it('is not for learners', async () => {
    expect((await suite.cloud.call('refundUnansweredQuestions', {}, { openid: 'o_x', source: 'wx_client' })).error?.errMsg).toContain('EXCEED_AUTHORITY');
    expect((await suite.cloud.call('refundUnansweredQuestions', {}, { openid: 'o_x', source: 'wx_client,scf' })).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('money identity, of every kind of order', () => {
  it('Σ payments − Σ refunds = Σ paid orders after concurrent asks and purchases, duplicate notifications and refunds', async () => {
    const results = await Promise.allSettled([
      ...Array.from({ length: 12 }, (_, i) => askAndPay(`o_q_load_${i}`, i % 2 ? LIN.id : ZHOU.id, { deliveries: 2 })),
      ...Array.from({ length: 4 }, (_, i) => buyCourse(suite.cloud, `o_q_load_c${i}`, 'course-run')),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const load = (await suite.cloud.find('questions', { openid: { $regex: '^o_q_load_' } })) as { _id: string; status: string }[];
    expect(load).toHaveLength(12);
    expect(load.every((q) => q.status === 'open')).toBe(true);
    // a third refunded by the deadline, a third answered, the rest open
    for (const [i, q] of load.entries()) if (i % 3 === 0) await pastDeadline(q._id);
    for (const [i, q] of load.entries()) if (i % 3 === 1) expect((await answer(q._id, ZHOU.openid)).ok || (await answer(q._id)).ok).toBe(true);
    await runTimer();
    for (const order of await suite.cloud.find('orders', { status: 'refunding' })) await suite.cloud.pay.completeRefund(order.outRefundNo as string);

    const sum = (rows: Record<string, unknown>[], field: string) => rows.reduce((total, row) => total + (row[field] as number), 0);
    const payments = sum(await suite.cloud.find('payments'), 'amountFen');
    const refunds = ((await suite.cloud.pay.orders()) as PayOrderView[]).flatMap((o) => o.refunds).filter((r) => r.status === 'SUCCESS');
    const paidOrders = sum(await suite.cloud.find('orders', { status: 'paid' }), 'amountFen');
    expect(refunds.length).toBeGreaterThan(0);
    expect(payments - refunds.reduce((total, r) => total + r.refundFee, 0)).toBe(paidOrders);
    expect(sum(await suite.cloud.find('orders', { status: 'refunded' }), 'amountFen')).toBe(refunds.reduce((total, r) => total + r.refundFee, 0));
    expect(await suite.cloud.find('incidents')).toEqual([]);

    // WeChat Pay's books agree with ours, order by order, question orders too
    const today = beijingDay(new Date());
    const reconciled = await dataOf(suite.cloud, DEMO_OPERATOR_OPENID, 'adminReconcile', { from: beijingDay(new Date(Date.now() - 24 * 3600_000)), to: today });
    expect(reconciled.findings).toEqual([]);
    // and a question order's revenue is the teacher's row, not a course's
    const revenue = await dataOf(suite.cloud, DEMO_OPERATOR_OPENID, 'adminRevenue', { from: today, to: today });
    expect(revenue.courses.find((c) => c.courseId === `question-${LIN.id}`)).toMatchObject({ courseTitle: '付费提问 · 林晓' });
    // every document written is its collection's declared shape
    for (const name of ['questions', 'orders', 'instructors'] as const) {
      for (const doc of await suite.cloud.find(name)) expect(collections[name].schema.safeParse(doc).error, `${name} ${String(doc._id)}`).toBeUndefined();
    }
  }, 120_000);

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
