/**
 * `coupons`: coupon templates on the terminal. Lists them (claimed, spent,
 * stock), creates or edits one from a JSON file through the deployed operator
 * functions adminListCouponTemplates and adminSaveCouponTemplate (the file
 * checked here first with the functions' own zod schema, so a mistake is
 * told line by line before anything is sent), and recounts a template's
 * `claimed` from the coupons that exist.
 *
 * Why a recount: claimCoupon takes a stock unit before it writes the coupon
 * (shared/coupons/coupons.ts); a function that dies between the two leaks the
 * unit, and the template then hands out fewer coupons than its stock.
 */
import { readFile } from 'node:fs/promises';
import type { CouponTemplateDoc } from '../../database-schema/couponTemplates/schema';
import { couponTemplateInputSchema, type AdminCouponTemplateView, type CouponTemplateInput } from '../../typings/pricing-api';
import type { Command } from './command';
import { callOperatorFunction, check, UsageError, type Target } from './tcb';

function templateLine(t: AdminCouponTemplateView): string {
  return `  ${t.id}  ${t.status}  ${t.title}  ${t.discountText} · ${t.scopeText} · ${t.validityText}\n      claimed ${t.claimed}/${t.stock}, used ${t.used}, ${t.perLearnerLimit} per learner`;
}

/** The file's template, checked as adminSaveCouponTemplate will check it; every problem at once. */
export async function readTemplateFile(file: string): Promise<CouponTemplateInput> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new UsageError(`cannot read ${file}: ${error.message}`);
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = couponTemplateInputSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${file} is not a coupon template:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(the file)'}: ${i.message}`).join('\n')}`);
  // sent as written: the function parses it again (its dates as the operator wrote them)
  return raw as CouponTemplateInput;
}

/**
 * `claimed` set to the coupons of the template, if no claim changed it
 * meanwhile. A claim under way (its unit taken, its coupon not yet written)
 * is not counted, so on an active template the recount may give its unit
 * away: best run on a stopped template, or when nobody is claiming.
 */
export async function recountClaimed(t: Target, templateId: string): Promise<{ before: number; after: number; changed: boolean; active: boolean }> {
  const { db } = t;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const [template] = check(await db.collection('couponTemplates').doc(templateId).get(), `read couponTemplates/${templateId}`).data as CouponTemplateDoc[];
    if (!template) throw new Error(`no coupon template ${templateId}`);
    const { total } = check(await db.collection('coupons').where({ templateId }).count(), `count coupons of ${templateId}`);
    const active = template.status === 'active';
    if (total === template.claimed) return { before: template.claimed, after: total, changed: false, active };
    const written = check(
      await db.collection('couponTemplates').where({ _id: templateId, claimed: template.claimed }).update({ claimed: total, updatedAt: db.serverDate() }),
      `update couponTemplates/${templateId}`,
    );
    if (written.updated === 1) return { before: template.claimed, after: total, changed: true, active };
  }
  throw new Error(`${templateId} is being claimed as it is counted; try again when it is quiet (or stop it first)`);
}

export const coupons: Command = {
  name: 'coupons',
  summary: 'Coupon templates with claimed / used / stock; create or edit one from a JSON file, or recount what was claimed.',
  usage: '[--create <file.json> [--dry-run]] [--recount <templateId>] [--page n]',
  details: [
    '  --create <file>  a coupon template as adminSaveCouponTemplate takes it: {id, title, discount, scope,',
    '                   validity, stock, perLearnerLimit?, status?}; an existing id is updated (claims kept)',
    '                   e.g. {"id": "new-user-10", "title": "新人专享", "discount": {"type": "amount", "amountFen": 1000,',
    '                   "thresholdFen": 0}, "scope": {"type": "all"}, "validity": {"type": "days", "days": 30}, "stock": 1000}',
    '                   times as ISO 8601 with an offset: "2026-12-31T23:59:59+08:00"; amounts in fen',
    '  --dry-run        with --create: check and show what would be saved, write nothing',
    '  --recount <id>   set the template\'s claimed to the coupons that exist (after a claim that died half-way)',
    'Runs in the cloud functions adminListCouponTemplates and adminSaveCouponTemplate, which must be deployed.',
  ],
  options: { create: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, recount: { type: 'string' }, page: { type: 'string' } },
  async run({ values, positionals, io, target }) {
    if (positionals.length) throw new UsageError(`unexpected ${positionals.join(' ')}: use --create <file> or --recount <id>`);
    const create = typeof values.create === 'string' ? values.create : undefined;
    const recount = typeof values.recount === 'string' ? values.recount.trim() : undefined;
    if (create !== undefined && recount !== undefined) throw new UsageError('--create and --recount: one at a time');
    if (values['dry-run'] && create === undefined) throw new UsageError('--dry-run goes with --create');

    if (create !== undefined) {
      const template = await readTemplateFile(create);
      const dryRun = values['dry-run'] === true;
      const t = target();
      io.err(`${dryRun ? 'checking' : 'saving'} ${template.id} on ${t.describe}`);
      const saved = await callOperatorFunction(t, 'adminSaveCouponTemplate', { template, dryRun });
      const verb = saved.created ? 'created' : 'updated';
      io.out(`${dryRun ? `would be ${verb}; --dry-run: nothing written` : verb}\n${templateLine(saved.template)}`);
      return 0;
    }

    if (recount !== undefined) {
      if (!recount) throw new UsageError('--recount needs a template id');
      const t = target();
      io.err(`counting the coupons of ${recount} on ${t.describe}`);
      const { before, after, changed, active } = await recountClaimed(t, recount);
      if (changed && active) io.err(`note: ${recount} is active; a claim under way as it was counted is not in the count (stop the template first to be exact)`);
      io.out(changed ? `${recount}: claimed ${before} → ${after} (the coupons that exist)` : `${recount}: claimed ${after}, as the coupons that exist; nothing to change`);
      return 0;
    }

    const page = values.page === undefined ? 1 : Number(values.page);
    if (!Number.isInteger(page) || page < 1) throw new UsageError('--page must be a whole number from 1');
    const t = target();
    const listed = await callOperatorFunction(t, 'adminListCouponTemplates', { page, pageSize: 50 });
    const lines = [`${listed.total} coupon templates on ${t.describe}${listed.hasMore ? ` (page ${page}; --page ${page + 1} for more)` : ''}`];
    lines.push(...listed.items.map(templateLine));
    io.out(lines.join('\n'));
    return 0;
  },
};
