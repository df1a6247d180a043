/**
 * Operators' view of the orders: listing by status and day, revenue by day
 * and by course, and reconciliation with what each order's payment system
 * (WeChat Pay, virtual payment) itself says.
 */
import { SETTLED_STATUSES, type OrderDoc } from '../../../database-schema/orders/schema';
import type { ReconcileFinding } from '../../../typings/admin-api';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import { toAdminOrderView } from './views';
import { _, db, docs, newestPage } from '../platform/cloud';
import { fail } from '../platform/errors';
import type { PayState } from '../payment/provider';
import { inRange, operatorOrderFilter, revenueReport, type OrderTimeField } from './queries';
import { dayRange, type DayRange, type RevenueOrder } from './revenue';
import { providersByName, settleQueriedPayment } from '../payment/settlement';

const PAGE = 1000;
/** at most this many orders read for one report: 20 pages */
const MAX_SCAN = 20 * PAGE;

function rangeOrFail(from: string, to: string): DayRange {
  return dayRange(from, to) ?? fail('INVALID_INPUT', '日期范围无效（结束不能早于开始，最长 366 天）');
}

export async function listOrdersForOperator(request: ParsedRequestOf<'adminListOrders'>): Promise<ResponseOf<'adminListOrders'>> {
  const created = request.from || request.to ? rangeOrFail(request.from ?? '2000-01-01', request.to ?? '2999-12-31') : undefined;
  const query = db.collection('orders').where(operatorOrderFilter(_, { status: request.status, created }));
  const { rows, ...paging } = await newestPage<OrderDoc>(query, request.page, request.pageSize);
  return { items: rows.map(toAdminOrderView), ...paging };
}

async function scan<T>(field: OrderTimeField, range: DayRange, projection?: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; offset < MAX_SCAN; offset += PAGE) {
    let query = db
      .collection('orders')
      .where(inRange(_, field, range))
      .orderBy(field, 'asc')
      .orderBy('_id', 'asc')
      .skip(offset)
      .limit(PAGE);
    if (projection) query = query.field(projection);
    const page = await docs<T>(query);
    out.push(...page);
    if (page.length < PAGE) break;
  }
  return out;
}

export async function revenue(request: ParsedRequestOf<'adminRevenue'>): Promise<ResponseOf<'adminRevenue'>> {
  const range = rangeOrFail(request.from, request.to);
  return revenueReport(range, (field, projection) => scan<RevenueOrder>(field, range, projection));
}

/** How many orders one reconciliation asks WeChat Pay about (one query each, 150 qps at most). */
const MAX_RECONCILE = 500;

function findingOf(order: OrderDoc, pay: PayState): ReconcileFinding['kind'] | null {
  const paidHere = SETTLED_STATUSES.includes(order.status);
  const paidThere = pay.state === 'paid' || pay.state === 'refunded';
  if (paidThere && !paidHere) return 'paid_not_recorded';
  if (paidHere && !paidThere) return 'recorded_not_paid';
  if (pay.state === 'refunded' && order.status === 'paid') return 'refunded_not_recorded';
  if (paidHere && pay.amountFen !== null && pay.amountFen !== order.amountFen) return 'amount_mismatch';
  return null;
}

/**
 * Each order created in the range, against its payment system's record of it
 * (WeChat Pay or virtual payment, as the order names). With `fix`, money
 * taken for an order we do not call paid is settled through the pay
 * notification's own code (settleQueriedPayment); everything else is for an
 * operator to look into.
 */
export async function reconcile(request: ParsedRequestOf<'adminReconcile'>): Promise<ResponseOf<'adminReconcile'>> {
  const range = rangeOrFail(request.from, request.to);
  const orders = await scan<OrderDoc>('createdAt', range);
  const checked = orders.slice(0, MAX_RECONCILE);
  const providerOf = providersByName();
  const findings: ReconcileFinding[] = [];
  for (const order of checked) {
    const provider = await providerOf(order);
    const pay = await provider.queryPayment(order);
    const kind = findingOf(order, pay);
    if (!kind) continue;
    let fixed = false;
    if (kind === 'paid_not_recorded' && request.fix && pay.state === 'paid') {
      const outcome = await settleQueriedPayment(order, pay, provider);
      fixed = outcome.done && !outcome.recorded;
    }
    findings.push({
      kind,
      orderId: order._id,
      outTradeNo: order.outTradeNo,
      provider: order.provider,
      ourStatus: order.status,
      payState: pay.detail,
      ourFen: order.amountFen,
      payFen: pay.amountFen,
      fixed,
    });
  }
  return { checked: checked.length, findings, truncated: orders.length > checked.length };
}
