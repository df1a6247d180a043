/**
 * Question moderation through the operator functions (adminListQuestions,
 * moderateQuestion) on the emulator: a held question passed is listed, or
 * delivered to its teacher with the deadline from now, once; a held paid
 * question rejected is refunded in full once, however many operators press
 * at once, and the books balance. Refunds complete only when the test says
 * so (refundDelayMs: null).
 */
import { describe, expect, it } from 'vitest';
import { collections } from '../../database-schema';
import { DEMO_QUESTION_SETTINGS } from '../../database-schema/seed/instructors';
import { DEMO_OPERATOR_OPENID } from '../../database-schema/seed/seed';
import { buyCourse, callAs, dataOf, demoCloudForSuite } from '../../test/cloud/demo';
import { opsOn } from '../../test/cloud/ops';

const suite = demoCloudForSuite({ refundDelayMs: null });
const OP = DEMO_OPERATOR_OPENID;
const LIN = { id: 'ins-linxiao', openid: 'o_demo_instructor_lin' };
const HELD_WORD = '待审词';

const questionDoc = async (id: string) => (await suite.cloud.find('questions', { _id: id }))[0]!;
const orderDoc = async (id: string) => (await suite.cloud.find('orders', { _id: id }))[0]!;
const moderate = (questionId: string, action: string, reason = '') => callAs(suite.cloud, OP, 'moderateQuestion', { questionId, action, reason } as never);
const refundsOf = async (outTradeNo: string) =>
  ((await suite.cloud.pay.orders()) as { outTradeNo: string; refunds: { refundFee: number; status: string }[] }[]).find((o) => o.outTradeNo === outTradeNo)!.refunds;

let held = false;
async function holding(): Promise<void> {
  if (held) return;
  suite.cloud.emulator.openapi.setSecurityWords({ review: [HELD_WORD] });
  held = true;
}

async function heldFree(openid: string) {
  await holding();
  await buyCourse(suite.cloud, openid, 'course-ts');
  return (await dataOf(suite.cloud, openid, 'askQuestion', { courseId: 'course-ts', content: `${openid} 的一个${HELD_WORD}问题` })).question;
}

async function heldPaid(openid: string) {
  await holding();
  const asked = await dataOf(suite.cloud, openid, 'askPaidQuestion', { instructorId: LIN.id, content: `${openid} 付费的${HELD_WORD}问题`, public: true });
  await dataOf(suite.cloud, openid, 'unifiedPay', { orderId: asked.order.id });
  await suite.cloud.pay.succeed(asked.order.outTradeNo, { deliveries: 2 });
  expect(await questionDoc(asked.question.id)).toMatchObject({ status: 'held', deadlineAt: null });
  return asked;
}

const inbox = async () => (await dataOf(suite.cloud, LIN.openid, 'listInstructorQuestions', { status: 'open' })).items.map((q) => q.id);
const ok = (answers: { ok: boolean }[]) => answers.filter((a) => a.ok).length;

describe('adminListQuestions and moderateQuestion', () => {
  it('answer FORBIDDEN to learners and teachers, junk or not; bad input from an operator is INVALID_INPUT and writes nothing', async () => {
    const question = await heldFree('o_qm_forbid');
    for (const who of ['o_qm_forbid', LIN.openid]) {
      for (const [name, data] of [
        ['adminListQuestions', {}],
        ['moderateQuestion', { questionId: question.id, action: 'pass', reason: '' }],
        ['moderateQuestion', { junk: true }],
      ] as const) {
        expect(await callAs(suite.cloud, who, name, data as never), `${who} ${name}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    const before = await questionDoc(question.id);
    for (const bad of [
      { questionId: question.id, action: 'publish' },
      { questionId: '', action: 'pass' },
      { questionId: question.id, action: 'pass', reason: '长'.repeat(81) },
      { questionId: question.id, action: 'pass', status: 'open' },
    ]) {
      expect(await callAs(suite.cloud, OP, 'moderateQuestion', bad as never), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await callAs(suite.cloud, OP, 'adminListQuestions', { status: 'stolen' } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await questionDoc(question.id)).toEqual(before);
  });

  it('lists the held questions for operators, with the asker and the check’s verdict', async () => {
    const question = await heldFree('o_qm_list');
    const { items, total, page, hasMore } = await dataOf(suite.cloud, OP, 'adminListQuestions', { pageSize: 100 });
    expect(items.find((q) => q.id === question.id)).toMatchObject({ status: 'held', openid: 'o_qm_list', check: 'review', decision: null, kind: 'free' });
    expect(items.every((q) => q.status === 'held')).toBe(true);
    expect({ total, page, hasMore }).toEqual({ total: items.length, page: 1, hasMore: false });
  });

  it('pass lists a free question once, however many operators press at once', async () => {
    const question = await heldFree('o_qm_pass_free');
    const listed = async () => (await dataOf(suite.cloud, 'o_qm_reader', 'listQuestions', { courseId: 'course-ts' })).items.filter((q) => q.id === question.id);
    expect(await listed()).toEqual([]);
    const answers = await Promise.all([moderate(question.id, 'pass', '无违规'), moderate(question.id, 'pass'), moderate(question.id, 'pass')]);
    expect(ok(answers)).toBe(1);
    expect(answers.filter((a) => !a.ok)).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'QUESTION_NOT_HELD' }) }), expect.anything()]);
    expect(await listed()).toHaveLength(1);
    expect(await questionDoc(question.id)).toMatchObject({ status: 'open', listed: true, moderation: 'pass', decision: { action: 'pass', by: expect.any(String) } });
    // now the course's teacher may answer it
    expect(await callAs(suite.cloud, 'o_demo_instructor_zhou', 'answerQuestion', { questionId: question.id, content: '审核通过后可以回答了。' })).toMatchObject({ ok: true });
  });

  it('pass delivers a held paid question to its teacher once, the deadline running from now', async () => {
    const { question, order } = await heldPaid('o_qm_pass_paid');
    expect(await inbox()).not.toContain(question.id);
    const before = Date.now();
    const answers = await Promise.all([moderate(question.id, 'pass'), moderate(question.id, 'pass')]);
    expect(ok(answers)).toBe(1);
    expect((await inbox()).filter((id) => id === question.id)).toHaveLength(1);
    const doc = await questionDoc(question.id);
    expect(doc).toMatchObject({ status: 'open', moderation: 'pass', listed: false });
    const due = (doc.deadlineAt as Date).getTime();
    expect(due).toBeGreaterThanOrEqual(before + DEMO_QUESTION_SETTINGS.answerHours * 3600_000);
    expect(due).toBeLessThanOrEqual(Date.now() + DEMO_QUESTION_SETTINGS.answerHours * 3600_000);
    expect(await orderDoc(order.id)).toMatchObject({ status: 'paid' });
    expect(await refundsOf(order.outTradeNo)).toEqual([]);
  });

  it('reject keeps a free question hidden, closed for its asker', async () => {
    const question = await heldFree('o_qm_reject_free');
    expect(await moderate(question.id, 'reject', '与课程无关')).toMatchObject({ ok: true, data: { question: { status: 'closed' }, outRefundNo: null } });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'closed', listed: false, decision: { action: 'reject', reason: '与课程无关' } });
    expect((await dataOf(suite.cloud, 'o_qm_reader', 'listQuestions', { courseId: 'course-ts' })).items.map((q) => q.id)).not.toContain(question.id);
    expect((await dataOf(suite.cloud, 'o_qm_reject_free', 'myQuestions', {})).items[0]).toMatchObject({ id: question.id, status: 'closed' });
  });

  it('reject refunds a held paid question in full once, racing operators and the teacher', async () => {
    const { question, order } = await heldPaid('o_qm_reject_paid');
    const answers = await Promise.all([
      moderate(question.id, 'reject', '含不当内容'),
      moderate(question.id, 'reject', '含不当内容'),
      moderate(question.id, 'reject', '含不当内容'),
      callAs(suite.cloud, LIN.openid, 'answerQuestion', { questionId: question.id, content: '抢在审核前回答' }),
    ]);
    const decided = answers.slice(0, 3).filter((a) => a.ok);
    expect(decided).toHaveLength(1);
    expect(answers[3]).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });
    expect(decided[0]).toMatchObject({ data: { outRefundNo: `R${order.outTradeNo}`, question: { status: 'refunding' } } });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunding', outRefundNo: `R${order.outTradeNo}`, refundReason: '含不当内容' });
    expect(await refundsOf(order.outTradeNo)).toEqual([expect.objectContaining({ refundFee: 990 })]);
    expect(await moderate(question.id, 'reject')).toMatchObject({ ok: false, error: { code: 'QUESTION_NOT_HELD' } });

    await suite.cloud.pay.completeRefund(`R${order.outTradeNo}`, { deliveries: 3 });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunded' });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'refunded', listed: false });
    expect(await refundsOf(order.outTradeNo)).toHaveLength(1);
    expect(await inbox()).not.toContain(question.id);
  });

  it('refuses to pass or reject a question that is not held, changing nothing', async () => {
    const owner = 'o_qm_open';
    await buyCourse(suite.cloud, owner, 'course-ts');
    const open = (await dataOf(suite.cloud, owner, 'askQuestion', { courseId: 'course-ts', content: '一个正常通过的问题' })).question;
    const before = await questionDoc(open.id);
    for (const action of ['pass', 'reject']) expect(await moderate(open.id, action)).toMatchObject({ ok: false, error: { code: 'QUESTION_NOT_HELD' } });
    expect(await moderate('q_none', 'pass')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await questionDoc(open.id)).toEqual(before);
  });

  it('an operator’s refund of a held question’s order takes it out of the queue: nothing left to pass', async () => {
    const { question, order } = await heldPaid('o_qm_refund_order');
    await dataOf(suite.cloud, OP, 'refundOrder', { orderId: order.id, reason: '学员申请退款' });
    expect(await questionDoc(question.id)).toMatchObject({ status: 'refunding' });
    expect(await moderate(question.id, 'pass')).toMatchObject({ ok: false, error: { code: 'QUESTION_NOT_HELD' } });
    await suite.cloud.pay.completeRefund(`R${order.outTradeNo}`);
    expect(await questionDoc(question.id)).toMatchObject({ status: 'refunded' });
    expect(await refundsOf(order.outTradeNo)).toHaveLength(1);
  });

  it('npm run ops -- questions --pass / --reject go through moderateQuestion', async () => {
    const ops = opsOn(() => suite.cloud);
    const free = await heldFree('o_qm_ops_free');
    const { question: paid, order } = await heldPaid('o_qm_ops_paid');
    expect((await ops('questions', '--status', 'held')).out).toContain(paid.id);
    expect((await ops('questions', '--pass', free.id)).out).toBe(`passed ${free.id}: open, listed`);
    const rejected = await ops('questions', '--reject', paid.id, '--reason', '广告');
    expect(rejected).toMatchObject({ code: 0, out: `rejected ${paid.id}: refunding, refund R${order.outTradeNo} of 990 fen asked` });
    expect(await orderDoc(order.id)).toMatchObject({ status: 'refunding', refundReason: '广告' });
    const again = await ops('questions', '--reject', paid.id);
    expect(again.code).toBe(1);
    expect(again.err).toContain('QUESTION_NOT_HELD');
    expect((await ops('questions', '--pass', free.id, '--reject', paid.id)).code).toBe(2);
    await suite.cloud.pay.completeRefund(`R${order.outTradeNo}`);
  });

  it('keeps the money identity, and every question its declared shape', async () => {
    const sum = (rows: Record<string, unknown>[], field: string) => rows.reduce((total, row) => total + (row[field] as number), 0);
    const payments = sum(await suite.cloud.find('payments'), 'amountFen');
    const refunded = ((await suite.cloud.pay.orders()) as { refunds: { refundFee: number; status: string }[] }[]).flatMap((o) => o.refunds).filter((r) => r.status === 'SUCCESS');
    expect(refunded.length).toBeGreaterThan(0);
    expect(payments - sum(refunded, 'refundFee')).toBe(sum(await suite.cloud.find('orders', { status: 'paid' }), 'amountFen'));
    expect(await suite.cloud.find('incidents')).toEqual([]);
    for (const doc of await suite.cloud.find('questions')) expect(collections.questions.schema.safeParse(doc).error, String(doc._id)).toBeUndefined();
  });

  it('makes no query that a declared index does not serve', () => {
    expect(suite.cloud.unindexedQueries()).toEqual([]);
  });
});
