/**
 * `plans`: the membership plans (会员) on the terminal. Lists them, and
 * creates or updates them from a JSON file (checked locally with
 * adminSavePlan's own schema; `--dry-run` says what would change), through
 * the deployed operator functions.
 */
import { planInputSchema, type AdminPlanView } from '../../typings/pricing-api';
import type { Command } from './command';
import { readInputFile } from './input-file';
import { callOperatorFunction, UsageError } from './tcb';

const planLine = (p: AdminPlanView): string =>
  `  ${p.id}  ${p.status}  #${p.sort}  ${p.days} days  ${p.priceFen} fen  sold ${p.salesCount}  ${p.title}${p.benefits.length ? `\n      ${p.benefits.join(' / ')}` : ''}`;

export const plans: Command = {
  name: 'plans',
  summary: 'Membership plans (会员): list them, or create or update them from a JSON file.',
  usage: '[--create <file.json> [--dry-run]]',
  details: [
    '  --create <file>  a plan, or an array of them, as adminSavePlan takes them:',
    '                   {"id", "title", "days", "priceFen", "benefits": [...], "status", "sort"}',
    '  --dry-run        with --create: check and say what would be written, writing nothing',
    'Runs in the cloud functions adminListPlans and adminSavePlan, which must be deployed.',
  ],
  options: { create: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  async run({ values, positionals, io, target }) {
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const dryRun = values['dry-run'] === true;
    if (typeof values.create === 'string') {
      const checked = await readInputFile(values.create, planInputSchema, 'plan');
      if (!checked.ok) {
        io.err(`${values.create}: nothing sent\n${checked.problems.map((p) => `  ${p}`).join('\n')}`);
        return 1;
      }
      const t = target();
      for (const plan of checked.items) {
        const saved = await callOperatorFunction(t, 'adminSavePlan', { plan, dryRun });
        const verb = saved.dryRun ? (saved.created ? 'would create' : 'would update') : saved.created ? 'created' : 'updated';
        io.out(`${verb} ${saved.plan.id}\n${planLine(saved.plan)}`);
      }
      return 0;
    }
    if (dryRun) throw new UsageError('--dry-run goes with --create');
    const t = target();
    const { items } = await callOperatorFunction(t, 'adminListPlans', {});
    io.out([`${items.length} membership plans on ${t.describe}`, ...items.map(planLine)].join('\n'));
    return 0;
  },
};
