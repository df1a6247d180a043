/** `export-orders` and `stats`: the orders as a CSV file, revenue and counts on the terminal. */
import { writeFile } from 'node:fs/promises';
import { orderKindOf, orderStatus, pricingOf, type OrderDoc } from '../../database-schema/orders/schema';
import { inRange, operatorOrderFilter, revenueReport } from '../../cloudfunctions/shared/orders/queries';
import { beijingDay, beijingTime, dayRange, type DayRange, type RevenueOrder } from '../../cloudfunctions/shared/orders/revenue';
import { daySchema, type RevenueRow } from '../../typings/admin-api';
import type { Command, CommandContext } from './command';
import { formatCsv } from './csv';
import { check, readAll, UsageError } from './tcb';

const ORDER_STATUSES = orderStatus.options;

export function rangeOf(values: CommandContext['values'], defaultDays: number): DayRange {
  const to = typeof values.to === 'string' ? values.to : beijingDay(new Date());
  const from = typeof values.from === 'string' ? values.from : beijingDay(new Date(Date.now() - (defaultDays - 1) * 24 * 3600_000));
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (!daySchema.safeParse(value).success) throw new UsageError(`--${name} must be a day, YYYY-MM-DD (got ${value})`);
  }
  return dayRange(from, to) ?? (() => {
    throw new UsageError('--to must not be before --from, and the range at most 366 days');
  })();
}

const yuan = (fen: number): string => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * New columns go at the end, so a sheet built on the old ones still reads.
 * `listFen`: the list price; `discountFen`: what member prices, bundle credits
 * and the coupon took off it (`totalFeeFen` = listFen − discountFen).
 */
export const ORDER_CSV_HEADER = [
  'outTradeNo', 'status', 'openid', 'courseId', 'courseTitle', 'totalFeeFen', 'totalFeeYuan',
  'createdAt', 'paidAt', 'refundedAt', 'outRefundNo', 'refundReason', 'kind',
  'listFen', 'discountFen', 'couponId',
];

export function ordersCsv(orders: OrderDoc[]): string {
  return formatCsv(
    ORDER_CSV_HEADER,
    orders.map((o) => {
      const price = pricingOf(o);
      return [
        o.outTradeNo, o.status, o.openid, o.courseId, o.courseTitle, o.amountFen, yuan(o.amountFen),
        beijingTime(o.createdAt), beijingTime(o.paidAt), beijingTime(o.refundedAt), o.outRefundNo ?? '', o.refundReason ?? '', orderKindOf(o),
        price.listFen, price.listFen - o.amountFen, price.couponId ?? '',
      ];
    }),
  );
}

export const exportOrders: Command = {
  name: 'export-orders',
  summary: 'Writes the orders created from --from to --to (days in Asia/Shanghai, inclusive) as CSV: amounts in fen and yuan, times in Beijing time.',
  usage: '--from YYYY-MM-DD --to YYYY-MM-DD [--status paid] [--out orders.csv]',
  details: ['  --status <s>     only orders in this status (unpaid, paid, refunding, refunded, closed)', '  --out <file>     write the CSV there instead of to stdout'],
  options: { from: { type: 'string' }, to: { type: 'string' }, status: { type: 'string' }, out: { type: 'string' } },
  async run({ values, io, target }) {
    if (typeof values.from !== 'string' || typeof values.to !== 'string') throw new UsageError('--from and --to are required');
    const range = rangeOf(values, 1);
    const status = orderStatus.optional().safeParse(values.status);
    if (!status.success) throw new UsageError(`--status must be one of ${ORDER_STATUSES.join(', ')}`);
    const t = target();
    io.err(`reading orders from ${t.describe}`);
    const orders = await readAll<OrderDoc>(t.db, 'orders', operatorOrderFilter(t.db.command, { status: status.data, created: range }), {
      orderBy: 'createdAt',
      onPage: (n) => io.err(`  ${n} orders read`),
    });
    const csv = ordersCsv(orders);
    if (typeof values.out === 'string') {
      await writeFile(values.out, '\uFEFF' + csv);
      io.out(`wrote ${orders.length} orders to ${values.out}`);
    } else io.out(csv.trimEnd());
    return 0;
  },
};

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));

export const stats: Command = {
  name: 'stats',
  summary: 'Revenue by day and by product (paid less refunded; gross at list price and discounts beside), orders by status, and what needs an operator. Default: the last 30 days.',
  usage: '[--from YYYY-MM-DD] [--to YYYY-MM-DD]',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run({ values, io, target }) {
    const range = rangeOf(values, 30);
    const t = target();
    io.err(`reading ${t.describe}`);
    const report = await revenueReport(range, (field, projection) => readAll<RevenueOrder>(t.db, 'orders', inRange(t.db.command, field, range), { orderBy: field, projection }));
    const counts = await Promise.all(ORDER_STATUSES.map(async (s) => [s, check(await t.db.collection('orders').where({ status: s }).count(), 'count').total] as const));
    const incidents = check(await t.db.collection('incidents').where({ resolved: false }).count(), 'count incidents').total;

    // net right after the counts, as before gross and discounts were shown: what a reader's eye (and a script) looks for first
    const money = (row: RevenueRow) => `${pad(yuan(row.netFen), 12)}${pad(yuan(row.grossFen), 12)}${yuan(row.discountFen)}`;
    const lines = [`revenue ${range.from} .. ${range.to} (¥; net = paid less refunded; gross at list price, less discounts, is what was paid)`];
    lines.push(`  ${pad('day', 12)}${pad('paid', 8)}${pad('refunds', 9)}${pad('net', 12)}${pad('gross', 12)}discounts`);
    for (const d of report.days) lines.push(`  ${pad(d.date, 12)}${pad(String(d.paidCount), 8)}${pad(String(d.refundedCount), 9)}${money(d)}`);
    lines.push(`  ${pad('total', 12)}${pad(String(report.total.paidCount), 8)}${pad(String(report.total.refundedCount), 9)}${money(report.total)}`);
    lines.push('', 'by product (course, bundle-<id>, plan-<id>, question-<teacher>)');
    for (const c of report.courses) lines.push(`  ${pad(c.courseId, 20)}${pad(c.courseTitle, 30)}${pad(String(c.paidCount), 6)}${money(c)}`);
    lines.push('', `orders now: ${counts.map(([s, n]) => `${s} ${n}`).join(', ')}`);
    lines.push(`open incidents: ${incidents}${incidents ? ' (collection incidents, resolved: false)' : ''}`);
    io.out(lines.join('\n'));
    return 0;
  },
};
