/**
 * `reconcile`: asks the adminReconcile function (which alone can query
 * WeChat Pay, through cloudPay) to compare our orders with WeChat Pay's, and
 * prints what differs. Exit code 1 while something is left to look into.
 */
import type { Command } from './command';
import { rangeOf } from './orders';
import { callOperatorFunction } from './tcb';

const EXPLAIN: Record<string, string> = {
  paid_not_recorded: 'WeChat Pay took the money; our order is not paid',
  recorded_not_paid: 'our order is paid; WeChat Pay has no payment',
  refunded_not_recorded: 'WeChat Pay refunded it; our order is still paid',
  amount_mismatch: 'paid amounts differ',
};

export const reconcile: Command = {
  name: 'reconcile',
  summary: "Compares the orders created in the range with WeChat Pay's own records, both ways. Default: the last 7 days.",
  usage: '[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--fix]',
  details: ['  --fix            settle payments WeChat Pay took that we did not record, through the pay callback\'s code', 'Runs in the cloud function adminReconcile, which must be deployed.'],
  options: { from: { type: 'string' }, to: { type: 'string' }, fix: { type: 'boolean', default: false } },
  async run({ values, io, target }) {
    const range = rangeOf(values, 7);
    const t = target();
    io.err(`reconciling ${range.from} .. ${range.to} on ${t.describe} (one WeChat Pay query an order; this can take a while)`);
    const { checked, findings, truncated } = await callOperatorFunction(t, 'adminReconcile', { from: range.from, to: range.to, fix: values.fix === true });
    const lines = [`checked ${checked} orders${truncated ? ' (the first 500: narrow the range for the rest)' : ''}`];
    if (findings.length === 0) lines.push('no differences');
    for (const f of findings) {
      lines.push(`  ${f.kind}${f.fixed ? ' (fixed)' : ''}: ${f.outTradeNo}, ours ${f.ourStatus} ${f.ourFen} fen, ${f.provider === 'xpay' ? 'virtual payment' : 'WeChat Pay'} ${f.payState} ${f.payFen ?? '-'} fen: ${EXPLAIN[f.kind]}`);
    }
    io.out(lines.join('\n'));
    return findings.some((f) => !f.fixed) ? 1 : 0;
  },
};
