/**
 * `bundles`: the bundles (专栏) on the terminal. Lists them, creates or
 * updates them from a JSON file (checked locally with adminSaveBundle's own
 * schema; `--dry-run` says what would change), and re-runs the grant of a
 * bundle's courses to its holders, all through the deployed operator
 * functions, so a course added is granted in the same pass as in the console.
 */
import { bundleInputSchema, type AdminBundleView } from '../../typings/pricing-api';
import type { Command } from './command';
import { readInputFile } from './input-file';
import { callOperatorFunction, UsageError } from './tcb';

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

const bundleLine = (b: AdminBundleView): string =>
  `  ${b.id}  ${b.status}  ${b.priceFen} fen (courses ${b.coursesListFen} fen)  sold ${b.salesCount}  ${b.title}\n      ${b.courseIds.join(', ')}  (updated ${when(b.updatedAt)} UTC)`;

export const bundles: Command = {
  name: 'bundles',
  summary: 'Bundles (专栏): list them, create or update them from a JSON file, or re-grant a bundle\'s courses to its holders.',
  usage: '[--create <file.json> [--dry-run]] [--regrant <bundleId>] [--page n]',
  details: [
    '  --create <file>  a bundle, or an array of them, as adminSaveBundle takes them:',
    '                   {"id", "title", "subtitle", "description", "coverFileId", "courseIds": [...], "priceFen", "status"}',
    '                   a course added to an existing bundle is granted to everyone who bought it',
    '  --dry-run        with --create: check and say what would be written, writing nothing',
    '  --regrant <id>   grant each of the bundle\'s courses to its holders who lack one (after a save that stopped half-way)',
    'Runs in the cloud functions adminListBundles, adminSaveBundle and adminRegrantBundle, which must be deployed.',
  ],
  options: { create: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, regrant: { type: 'string' }, page: { type: 'string' } },
  async run({ values, positionals, io, target }) {
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const dryRun = values['dry-run'] === true;
    if (typeof values.create === 'string' && typeof values.regrant === 'string') throw new UsageError('--create or --regrant, not both');
    if (dryRun && typeof values.create !== 'string') throw new UsageError('--dry-run goes with --create');
    if (typeof values.regrant === 'string') {
      const done = await callOperatorFunction(target(), 'adminRegrantBundle', { bundleId: values.regrant });
      io.out(`${done.bundleId}: ${done.granted} courses granted to the holders of ${done.orders} paid orders`);
      return 0;
    }
    if (typeof values.create === 'string') {
      const checked = await readInputFile(values.create, bundleInputSchema, 'bundle');
      if (!checked.ok) {
        io.err(`${values.create}: nothing sent\n${checked.problems.map((p) => `  ${p}`).join('\n')}`);
        return 1;
      }
      const t = target();
      for (const bundle of checked.items) {
        const saved = await callOperatorFunction(t, 'adminSaveBundle', { bundle, dryRun });
        const verb = saved.dryRun ? (saved.created ? 'would create' : 'would update') : saved.created ? 'created' : 'updated';
        io.out(`${verb} ${saved.bundle.id}${saved.dryRun ? '' : `; ${saved.granted} courses granted to its holders`}\n${bundleLine(saved.bundle)}`);
      }
      return 0;
    }
    const page = values.page === undefined ? 1 : Number(values.page);
    if (!Number.isInteger(page) || page < 1) throw new UsageError('--page must be a whole number from 1');
    const t = target();
    const listed = await callOperatorFunction(t, 'adminListBundles', { page, pageSize: 50 });
    const lines = [`${listed.total} bundles on ${t.describe}${listed.hasMore ? ` (page ${page}; --page ${page + 1} for more)` : ''}`];
    lines.push(...listed.items.map(bundleLine));
    io.out(lines.join('\n'));
    return 0;
  },
};
