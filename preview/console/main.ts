/**
 * The local cloud's console beside the phone, after the Firebase Emulator
 * UI: who the phone is (switch learners here), the function calls with their
 * time, the collections and their documents, the pay orders with their
 * notifications, the subscribe messages sent and the content security checks,
 * the reviews and held questions to moderate, and marketing (营销: the
 * coupon templates, the bundles and the membership plans), the last three
 * through the operator functions, as the demo operator. It reads the
 * emulator's /api routes, after every call the phone makes and every few
 * seconds (pay notifications arrive on their own).
 */
import type { ResponseOf } from '../../typings/api';
import type { AdminQuestionView, AdminReviewView, ReviewStatus } from '../../typings/entities';
import type { SellableStatus } from '../../typings/pricing-api';
import type { Result } from '../../typings/result';
import { badge, chips, clock, h, json, table, yuan } from './view';

interface Learner {
  openid: string;
  name: string;
  role: string;
}
interface Config {
  emulatorUrl: string;
  envId: string;
  learners: Learner[];
}
interface Call {
  id: number;
  name: string;
  openid: string;
  source: string;
  startedAt: string;
  durationMs?: number;
  coldStart?: boolean;
  outcome?: string;
  error?: string;
}
interface Delivery {
  functionName: string;
  state: string;
  attempts: unknown[];
}
interface PayOrder {
  outTradeNo: string;
  body: string;
  totalFee: number;
  openid: string;
  state: string;
  createdAt: string;
  cancelled: number;
  deliveries: Delivery[];
}
interface Message {
  id: number;
  apiName: string;
  at: string;
  senderOpenid: string;
  params: Record<string, unknown>;
  answer: { errcode: number; errmsg: string; result?: { suggest?: string; label?: number } };
}

type Tab = 'calls' | 'data' | 'pay' | 'messages' | 'reviews' | 'questions' | 'marketing';
const TABS: [Tab, string][] = [
  ['calls', '函数调用'],
  ['data', '数据库'],
  ['pay', '支付订单'],
  ['messages', '订阅消息 / 内容安全'],
  ['reviews', '评价审核'],
  ['questions', '问答审核'],
  ['marketing', '营销'],
];

const root = document.getElementById('console')!;
let config: Config;
let tab: Tab = 'calls';
let collection = '';
let reviewStatus: ReviewStatus = 'pending';

const api = async <T>(route: string): Promise<T> => (await fetch(`${config.emulatorUrl}${route}`)).json() as Promise<T>;

function who(openid: string, source = ''): string {
  const learner = config.learners.find((l) => l.openid === openid);
  if (learner) return learner.name;
  if (openid) return openid;
  return source.includes('wx_cloudpay') || source.includes('scf') ? '微信支付/云端' : source || '—';
}

async function callsView(): Promise<HTMLElement> {
  const { calls } = await api<{ calls: Call[] }>('/api/calls');
  const rows = [...calls]
    .reverse()
    .slice(0, 60)
    .map((c) => [
      clock(c.startedAt),
      h('code', {}, c.name),
      who(c.openid, c.source),
      c.durationMs === undefined ? '…' : `${c.durationMs} ms${c.coldStart ? ' (冷启动)' : ''}`,
      c.outcome === 'returned' ? badge('返回', 'ok') : c.outcome ? badge(c.outcome, 'bad') : badge('运行中', 'warn'),
    ]);
  return table(['时间', '云函数', '调用者', '耗时', '结果'], rows, '还没有云函数调用');
}

async function dataView(): Promise<HTMLElement> {
  const { collections } = await api<{ collections: { name: string; count: number }[] }>('/api/collections');
  if (!collection && collections.length) collection = collections[0].name;
  const list = chips(
    collections.map((c) => [c.name, `${c.name} (${c.count})`]),
    collection,
    'collection',
    (name) => {
      collection = name;
      void refresh();
    },
  );
  const docs = collection ? (await api<{ documents: unknown[] }>(`/api/collections/${encodeURIComponent(collection)}`)).documents : [];
  const shown = docs.slice(-30).reverse();
  return h(
    'div',
    {},
    list,
    h('p', { class: 'console__hint' }, docs.length > shown.length ? `最新 ${shown.length} / 共 ${docs.length} 条` : `共 ${docs.length} 条`),
    ...shown.map((d) => json(d)),
  );
}

const TRADE_TONE: Record<string, 'ok' | 'warn' | 'bad' | 'plain'> = { SUCCESS: 'ok', NOTPAY: 'warn', CLOSED: 'plain', REFUND: 'plain', PAYERROR: 'bad' };

async function payView(): Promise<HTMLElement> {
  const { orders } = await api<{ orders: PayOrder[] }>('/api/pay/orders');
  const rows = [...orders]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((o) => [
      clock(o.createdAt),
      h('div', {}, o.body, h('br'), h('small', {}, o.outTradeNo)),
      yuan(o.totalFee),
      who(o.openid),
      h('div', {}, badge(o.state, TRADE_TONE[o.state] ?? 'plain'), o.cancelled ? h('small', {}, ` 取消 ${o.cancelled} 次`) : null),
      h(
        'div',
        {},
        ...(o.deliveries.length
          ? o.deliveries.map((d) => h('div', {}, h('code', {}, d.functionName), ' ', badge(d.state === 'acknowledged' ? '已确认' : d.state, d.state === 'acknowledged' ? 'ok' : 'warn'), ` ×${d.attempts.length}`))
          : ['—']),
      ),
    ]);
  return table(['下单', '商品 / 商户单号', '金额', '付款人', '状态', '支付通知'], rows, '还没有支付订单');
}

const SUGGEST_BADGE: Record<string, [string, 'ok' | 'warn' | 'bad']> = { pass: ['通过', 'ok'], review: ['需人工审核', 'warn'], risky: ['违规', 'bad'] };

/** msgSecCheck's verdict, or why the check failed */
function securityVerdict(m: Message): HTMLElement {
  if (m.answer.errcode !== 0) return badge(`检测失败 ${m.answer.errcode} ${m.answer.errmsg}`, 'bad');
  const [label, tone] = SUGGEST_BADGE[m.answer.result?.suggest ?? ''] ?? [String(m.answer.result?.suggest), 'plain'];
  return badge(label, tone);
}

async function messagesView(): Promise<HTMLElement> {
  const { messages } = await api<{ messages: Message[] }>('/api/messages');
  const rows = [...messages].reverse().map((m) =>
    m.apiName === 'security.msgSecCheck'
      ? [clock(m.at), h('code', {}, m.apiName), who(String(m.params.openid ?? '')), h('small', {}, String(m.params.content ?? '')), securityVerdict(m)]
      : [clock(m.at), h('code', {}, m.apiName), who(String(m.params.touser ?? '')), String(m.params.templateId ?? m.params.template_id ?? ''), m.answer.errcode === 0 ? badge('已发送', 'ok') : badge(m.answer.errmsg, 'bad')],
  );
  return table(['时间', '接口', '接收者 / 作者', '模板 / 内容', '结果'], rows, '还没有订阅消息或内容安全检测');
}

/** An operator function called as the demo operator (POST /api/functions/<name>), its `{ok, data}` unwrapped. */
async function asOperator<T>(name: string, data: object): Promise<T> {
  const operator = config.learners.find((l) => l.role === 'operator');
  if (!operator) throw new Error('预览里没有运营身份');
  const res = await fetch(`${config.emulatorUrl}/api/functions/${name}`, { method: 'POST', body: JSON.stringify({ data, openid: operator.openid }) });
  const { result, error } = (await res.json()) as { result?: Result<T>; error?: { errMsg: string } };
  if (!result) throw new Error(error?.errMsg ?? `${name} 没有应答`);
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.message}`);
  return result.data;
}

const REVIEW_STATUSES: [ReviewStatus, string][] = [
  ['pending', '待审核'],
  ['published', '已发布'],
  ['hidden', '已隐藏'],
];
/** what WeChat's content check said of a review's or a question's text */
const CHECK_LABELS: Record<AdminReviewView['check'] | AdminQuestionView['check'], string> = { pass: '通过', review: '需人工审核', unchecked: '未能检测' };

/** A moderation button: `decide` asked for the reason (null: cancelled), its refusal shown, the view refreshed. */
function decisionButton(label: string, attributes: Record<string, string>, decide: () => Promise<unknown> | null): HTMLElement {
  const b = h('button', { class: 'chip', ...attributes }, label);
  b.addEventListener('click', async () => {
    try {
      await decide();
    } catch (error) {
      window.alert(error instanceof Error ? error.message : String(error));
    }
    void refresh();
  });
  return b;
}

function moderateButton(review: AdminReviewView, action: 'publish' | 'hide', label: string): HTMLElement {
  return decisionButton(label, { 'data-review': review.id, 'data-action': action }, () => {
    const reason = action === 'hide' ? (window.prompt('隐藏原因', '与课程无关') ?? '') : '控制台审核通过';
    return asOperator<ResponseOf<'moderateReview'>>('moderateReview', { reviewId: review.id, action, reason });
  });
}

async function reviewsView(): Promise<HTMLElement> {
  const filter = chips(REVIEW_STATUSES, reviewStatus, 'status', (status) => {
    reviewStatus = status;
    void refresh();
  });
  const { items, total } = await asOperator<ResponseOf<'adminListReviews'>>('adminListReviews', { status: reviewStatus, pageSize: 50 });
  const rows = items.map((r) => [
    clock(new Date(r.createdAt).toISOString()),
    h('code', {}, r.courseId),
    who(r.openid),
    `${'★'.repeat(r.rating)}${'☆'.repeat(5 - r.rating)}`,
    h('div', {}, r.content, r.reply ? h('div', {}, h('small', {}, `回复：${r.reply.content}`)) : null),
    badge(CHECK_LABELS[r.check], r.check === 'pass' ? 'ok' : 'warn'),
    h('div', {}, r.status !== 'published' ? moderateButton(r, 'publish', '通过') : null, r.status !== 'hidden' ? moderateButton(r, 'hide', '隐藏') : null),
  ]);
  return h(
    'div',
    {},
    filter,
    h('p', { class: 'console__hint' }, `共 ${total} 条`),
    table(['时间', '课程', '作者', '评分', '内容', '内容安全', '操作'], rows, '没有这类评价'),
  );
}

function moderateQuestionButton(question: AdminQuestionView, action: 'pass' | 'reject', label: string): HTMLElement {
  return decisionButton(label, { 'data-question': question.id, 'data-action': action }, () => {
    const reason = action === 'reject' ? window.prompt(question.kind === 'paid' ? '拒绝原因（付费提问将全额退款）' : '拒绝原因', '与课程无关') : '控制台审核通过';
    if (reason === null) return null;
    return asOperator<ResponseOf<'moderateQuestion'>>('moderateQuestion', { questionId: question.id, action, reason });
  });
}

/** The questions the content check held: 通过 lists (or delivers) one, 拒绝 hides it (a paid one refunded in full). */
async function questionsView(): Promise<HTMLElement> {
  const { items, total } = await asOperator<ResponseOf<'adminListQuestions'>>('adminListQuestions', { status: 'held', pageSize: 50 });
  const rows = items.map((q) => [
    clock(new Date(q.createdAt).toISOString()),
    q.kind === 'paid' ? h('span', {}, `付费 · ${q.instructorName} `, yuan(q.priceFen)) : h('code', {}, q.lessonId ?? q.courseId ?? ''),
    who(q.openid),
    q.content,
    badge(CHECK_LABELS[q.check], q.check === 'pass' ? 'ok' : 'warn'),
    h('div', {}, moderateQuestionButton(q, 'pass', '通过'), moderateQuestionButton(q, 'reject', '拒绝')),
  ]);
  return h(
    'div',
    {},
    h('p', { class: 'console__hint' }, `待审核 ${total} 条`),
    table(['时间', '课程 / 讲师', '提问者', '内容', '内容安全', '操作'], rows, '没有待审核的提问'),
  );
}

const SELLABLE_LABELS: Record<SellableStatus, [string, 'ok' | 'warn' | 'plain']> = { published: ['在售', 'ok'], draft: ['草稿', 'warn'], unpublished: ['已下架', 'plain'] };
const sellable = (status: SellableStatus): HTMLElement => badge(...SELLABLE_LABELS[status]);

/** 专栏: each bundle with its courses, its price against theirs, and its sales. */
async function bundlesSection(): Promise<HTMLElement> {
  const { items, total } = await asOperator<ResponseOf<'adminListBundles'>>('adminListBundles', { pageSize: 50 });
  const rows = items.map((b) => [
    h('div', {}, b.title, h('br'), h('small', {}, b.id)),
    h('div', {}, ...b.courseIds.map((id) => h('div', {}, h('code', {}, id)))),
    h('div', {}, yuan(b.priceFen), h('br'), h('small', {}, `课程原价合计 ${yuan(b.coursesListFen)}`)),
    sellable(b.status),
    String(b.salesCount),
  ]);
  return h('div', {}, h('p', { class: 'console__hint' }, `共 ${total} 个专栏`), table(['专栏', '课程', '价格', '状态', '销量'], rows, '还没有专栏'));
}

/** 会员卡: each membership plan in display order, its days, price and benefits. */
async function plansSection(): Promise<HTMLElement> {
  const { items } = await asOperator<ResponseOf<'adminListPlans'>>('adminListPlans', {});
  const rows = items.map((p) => [
    h('div', {}, p.title, h('br'), h('small', {}, p.id)),
    `${p.days} 天`,
    yuan(p.priceFen),
    h('div', {}, ...p.benefits.map((text) => h('div', {}, h('small', {}, text)))),
    sellable(p.status),
    String(p.salesCount),
  ]);
  return h('div', {}, h('p', { class: 'console__hint' }, `共 ${items.length} 种会员卡`), table(['会员卡', '时长', '价格', '权益', '状态', '销量'], rows, '还没有会员卡'));
}

/** 优惠券: the templates, with what was claimed of their stock and what paid orders spent. */
async function couponTemplatesSection(): Promise<HTMLElement> {
  const { items, total } = await asOperator<ResponseOf<'adminListCouponTemplates'>>('adminListCouponTemplates', { pageSize: 50 });
  const rows = items.map((t) => [
    h('div', {}, t.title, h('br'), h('small', {}, t.id)),
    t.discountText,
    t.scopeText,
    t.validityText,
    `${t.claimed} / ${t.stock}`,
    String(t.used),
    `${t.perLearnerLimit} 张`,
    t.status === 'active' ? badge('发放中', 'ok') : badge('已停发', 'plain'),
  ]);
  return h(
    'div',
    {},
    h('p', { class: 'console__hint' }, `共 ${total} 个优惠券模板`),
    table(['优惠券', '优惠', '适用范围', '有效期', '已领 / 库存', '已使用', '每人限领', '状态'], rows, '还没有优惠券模板'),
  );
}

/** 营销's sections, in order: each a kind of marketing, its own `data-section`. */
const MARKETING_SECTIONS: { id: string; title: string; view: () => Promise<HTMLElement> }[] = [
  { id: 'coupons', title: '优惠券', view: couponTemplatesSection },
  { id: 'bundles', title: '专栏', view: bundlesSection },
  { id: 'plans', title: '会员卡', view: plansSection },
];

async function marketingView(): Promise<HTMLElement> {
  const sections = await Promise.all(MARKETING_SECTIONS.map(async (s) => h('section', { 'data-section': s.id }, h('h3', {}, s.title), await s.view())));
  return h('div', {}, ...sections);
}

const VIEWS: Record<Tab, () => Promise<HTMLElement>> = {
  calls: callsView,
  data: dataView,
  pay: payView,
  messages: messagesView,
  reviews: reviewsView,
  questions: questionsView,
  marketing: marketingView,
};

const body = h('div', { class: 'console__body' });

async function refresh(): Promise<void> {
  try {
    const view = await VIEWS[tab]();
    // keep the reader's place in a long list
    const scroll = body.scrollTop;
    body.replaceChildren(view);
    body.scrollTop = scroll;
  } catch (error) {
    body.replaceChildren(h('p', { class: 'console__empty' }, `本地云没有应答：${error instanceof Error ? error.message : String(error)}`));
  }
}

let pending: ReturnType<typeof setTimeout> | undefined;
function refreshSoon(): void {
  clearTimeout(pending);
  pending = setTimeout(() => void refresh(), 250);
}

function learnerSwitch(): HTMLElement {
  const current = document.body.dataset.learner ?? new URLSearchParams(location.search).get('as') ?? localStorage.getItem('preview.openid') ?? config.learners[0].openid;
  const select = h('select', { id: 'learner', 'aria-label': '切换身份' }, ...config.learners.map((l) => h('option', { value: l.openid }, `${l.name}（${l.openid}）`)));
  select.value = current;
  select.addEventListener('change', () => {
    localStorage.setItem('preview.openid', select.value);
    const url = new URL(location.href);
    url.searchParams.delete('as');
    location.href = url.toString();
  });
  return h('label', { class: 'console__learner' }, '手机上的身份 ', select);
}

async function start(): Promise<void> {
  config = (await (await fetch('/preview/config.json')).json()) as Config;
  const tabs = h(
    'nav',
    { class: 'console__tabs' },
    ...TABS.map(([id, label]) => {
      const b = h('button', { class: `console__tab${id === tab ? ' console__tab--active' : ''}`, 'data-tab': id }, label);
      b.addEventListener('click', () => {
        tab = id;
        tabs.querySelectorAll('button').forEach((x) => x.classList.toggle('console__tab--active', x === b));
        void refresh();
      });
      return b;
    }),
  );
  root.replaceChildren(
    h('header', { class: 'console__header' }, h('h1', {}, '本地云控制台'), h('span', { class: 'console__env' }, `环境 ${config.envId} · ${config.emulatorUrl}`)),
    learnerSwitch(),
    tabs,
    body,
  );
  window.addEventListener('preview:cloud', refreshSoon);
  setInterval(() => void refresh(), 3000);
  await refresh();
}

void start();
