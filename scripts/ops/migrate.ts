/**
 * `migrate`: the documents of an environment deployed before the …Fen rename
 * given the new field names the functions now read. An expand step, safe
 * before and after the new functions are deployed and on any rerun: the new
 * field is added beside the old one, which old functions still running keep
 * reading. `--drop-legacy` then removes an old field where the new one holds
 * the same value.
 *
 * Each document is written alone, with a conditional update: it matches only
 * while the document still holds what was read, so a function's write
 * meanwhile is not overwritten (that document is counted as changed, and a
 * rerun takes it). A failure half-way leaves each document migrated or
 * untouched.
 */
import type { PaymentProviderName } from '../../database-schema/common';
import type { OrderDoc } from '../../database-schema/orders/schema';
import type { PaymentDoc } from '../../database-schema/payments/schema';
import type { Command } from './command';
import { check, pagesById, type TcbDb } from './tcb';

/** One renamed field: paths dotted inside an object (an incident's `detail`). */
interface Rename {
  from: string;
  to: string;
  /** the new field's value for the old one's; undefined for a value it does not know (left alone) */
  convert?: (old: unknown) => unknown;
}

const PROVIDER_OF_METHOD: Record<string, PaymentProviderName> = { wechatpay: 'cloudpay', virtual: 'xpay' };

/** in the order the collections are migrated */
export const RENAMES: Record<string, Rename[]> = {
  orders: [{ from: 'totalFee', to: 'amountFen' satisfies keyof OrderDoc }],
  payments: [{ from: 'method', to: 'provider' satisfies keyof PaymentDoc, convert: (method) => PROVIDER_OF_METHOD[String(method)] }],
  // the keys settlement.ts and refunds.ts record in an incident's detail
  incidents: (['paid', 'order', 'refund'] as const).map((name) => ({ from: `detail.${name}Fee`, to: `detail.${name}Fen` })),
};

type Doc = { _id: string } & Record<string, unknown>;

function valueAt(doc: Doc, path: string): { present: boolean; value?: unknown } {
  let here: unknown = doc;
  for (const key of path.split('.')) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, key)) return { present: false };
    here = (here as Record<string, unknown>)[key];
  }
  return { present: true, value: here };
}

/** What one document needs: the update and the filter it is conditional on, or what keeps a field from being migrated. */
interface Plan {
  filter: Record<string, unknown>;
  update: Record<string, unknown>;
  added: number;
  removed: number;
  /** `_id.field` of fields left alone: the new one differs from the old, or the old value is unknown */
  left: string[];
}

function planOf(doc: Doc, renames: Rename[], dropLegacy: boolean, db: TcbDb): Plan {
  const _ = db.command;
  const plan: Plan = { filter: { _id: doc._id }, update: {}, added: 0, removed: 0, left: [] };
  for (const { from, to, convert = (old: unknown) => old } of renames) {
    const old = valueAt(doc, from);
    if (!old.present) continue;
    const value = convert(old.value);
    const current = valueAt(doc, to);
    if (value === undefined || (current.present && current.value !== value)) {
      plan.left.push(`${doc._id}.${from}`);
      continue;
    }
    if (current.present && !dropLegacy) continue;
    plan.filter[from] = old.value;
    if (current.present) plan.filter[to] = value;
    else {
      plan.filter[to] = _.exists(false);
      plan.update[to] = value;
      plan.added++;
    }
    if (dropLegacy) {
      plan.update[from] = _.remove();
      plan.removed++;
    }
  }
  return plan;
}

interface Tally {
  read: number;
  /** documents given their new fields */
  migrated: number;
  /** documents whose old fields were removed */
  dropped: number;
  /** documents a function changed between the read and the write (a rerun takes them) */
  changed: number;
  left: string[];
}

async function migrateCollection(db: TcbDb, collection: string, renames: Rename[], options: { dryRun: boolean; dropLegacy: boolean; progress: (text: string) => void }): Promise<Tally> {
  const tally: Tally = { read: 0, migrated: 0, dropped: 0, changed: 0, left: [] };
  for await (const page of pagesById<Doc>(db, collection)) {
    for (const doc of page) {
      const plan = planOf(doc, renames, options.dropLegacy, db);
      tally.left.push(...plan.left);
      if (Object.keys(plan.update).length === 0) continue;
      if (!options.dryRun) {
        const { updated } = check(await db.collection(collection).where(plan.filter).update(plan.update), `update ${collection} ${doc._id}`);
        if (!updated) {
          tally.changed++;
          continue;
        }
      }
      if (plan.added) tally.migrated++;
      if (plan.removed) tally.dropped++;
    }
    tally.read += page.length;
    options.progress(`  ${collection}: ${tally.read} read`);
  }
  return tally;
}

const SHOWN = 10;

function describe(collection: string, tally: Tally, { dryRun, dropLegacy }: { dryRun: boolean; dropLegacy: boolean }): string {
  const parts = [`${tally.read} read`, `${tally.migrated} ${dryRun ? 'to migrate' : 'migrated'}`];
  if (dropLegacy) parts.push(`${tally.dropped} ${dryRun ? 'to drop old fields' : 'old fields dropped'}`);
  if (tally.changed) parts.push(`${tally.changed} changed meanwhile (run again)`);
  if (tally.left.length) {
    const shown = tally.left.slice(0, SHOWN).join(', ') + (tally.left.length > SHOWN ? ', …' : '');
    parts.push(`${tally.left.length} left alone, new value differs or old one unknown: ${shown}`);
  }
  return `${collection}: ${parts.join(', ')}`;
}

export const migrate: Command = {
  name: 'migrate',
  summary:
    'Gives documents written before the …Fen rename their new fields (orders amountFen, payments provider, incidents paidFen/orderFen/refundFen), keeping the old ones. Safe before and after deploying the new functions, and to rerun.',
  usage: '[--dry-run] [--drop-legacy]',
  details: [
    '  --dry-run        read and count, write nothing',
    '  --drop-legacy    also remove the old fields (totalFee, method, …Fee) where the new one holds the same value:',
    '                   only once no function of before the rename runs anywhere',
    'Exit 1 while a document is left: changed meanwhile (run again) or with a new field that differs from its old one.',
  ],
  options: { 'dry-run': { type: 'boolean', default: false }, 'drop-legacy': { type: 'boolean', default: false } },
  async run({ values, io, target }) {
    const options = { dryRun: values['dry-run'] === true, dropLegacy: values['drop-legacy'] === true, progress: io.err };
    const t = target();
    io.err(`migrating ${t.describe}${options.dryRun ? ' (dry run: nothing written)' : ''}`);
    const total = { migrated: 0, dropped: 0, unfinished: 0 };
    for (const [collection, renames] of Object.entries(RENAMES)) {
      const tally = await migrateCollection(t.db, collection, renames, options);
      io.out(describe(collection, tally, options));
      total.migrated += tally.migrated;
      total.dropped += tally.dropped;
      total.unfinished += tally.changed + tally.left.length;
    }
    const did = options.dryRun ? 'would migrate' : 'migrated';
    const dropped = options.dropLegacy ? `, old fields ${options.dryRun ? 'to drop' : 'dropped'} on ${total.dropped}` : '';
    const left = total.unfinished ? `; ${total.unfinished} left, see above` : '';
    io.out(`${did} ${total.migrated} documents${dropped}${left}${options.dryRun ? ' (dry run: nothing written)' : ''}`);
    return total.unfinished ? 1 : 0;
  },
};
