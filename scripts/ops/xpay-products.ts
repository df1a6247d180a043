/**
 * `xpay-products`: the virtual payment products (道具, short_series_goods) the
 * merchant back office must hold, one per item and price it sells at: each
 * published course at its list price and at its member price, each published
 * bundle, each published plan, priced by the pricing engine itself. With
 * `--check <file>` (JSON [{productId, priceFen}] or CSV with those columns)
 * it names the ones missing or priced otherwise there.
 */
import { readFile } from 'node:fs/promises';
import type { BundleDoc } from '../../database-schema/bundles/schema';
import type { CourseDoc } from '../../database-schema/courses/schema';
import type { MembershipPlanDoc } from '../../database-schema/membershipPlans/schema';
import { productKeyOf, xpayProductId, type SellableKind } from '../../database-schema/orders/schema';
import { PRICING_SETTINGS_DEFAULT, pricingSettingsSchema } from '../../database-schema/settings/schema';
import { pricedBundle, pricedCourse, pricedPlan } from '../../cloudfunctions/shared/pricing/items';
import { priceBeforeCoupon, type PricedItem, type PricingRules } from '../../cloudfunctions/shared/pricing/pricing';
import type { Command } from './command';
import { parseCsv } from './csv';
import { readAll, UsageError } from './tcb';

export interface XpayProduct {
  productId: string;
  priceFen: number;
  title: string;
  kind: SellableKind;
  id: string;
}

export interface Catalog {
  courses: Pick<CourseDoc, '_id' | 'title' | 'categoryId' | 'priceFen' | 'memberPriceFen'>[];
  bundles: Pick<BundleDoc, '_id' | 'title' | 'priceFen'>[];
  plans: Pick<MembershipPlanDoc, '_id' | 'title' | 'priceFen'>[];
}

const NOBODY = { openid: '', ownedCourseIds: new Set<string>() };

/** Every (productId, price) the catalog sells at, and what the list cannot cover. */
export function xpayProducts(catalog: Catalog, rules: PricingRules): { products: XpayProduct[]; warnings: string[] } {
  const products = new Map<string, XpayProduct>();
  const add = (kind: SellableKind, id: string, title: string, item: PricedItem, isMember: boolean, label: string) => {
    const priceFen = priceBeforeCoupon(item, { ...NOBODY, isMember }, rules).totalFen;
    const productId = xpayProductId(productKeyOf(kind, id), priceFen);
    products.set(productId, { productId, priceFen, title: `${title}${label}`, kind, id });
  };
  for (const course of catalog.courses) {
    if (course.priceFen < 1) continue;
    const item = pricedCourse(course);
    add('course', course._id, course.title, item, false, '');
    add('course', course._id, course.title, item, true, '（会员价）');
  }
  for (const bundle of catalog.bundles) {
    // priced for a buyer owning none of its courses: the credit would make other prices
    add('bundle', bundle._id, bundle.title, pricedBundle(bundle, []), false, '');
  }
  for (const plan of catalog.plans) add('membership', plan._id, plan.title, pricedPlan(plan), false, '');
  const warnings =
    rules.bundleOwnedCreditPercent > 0 && catalog.bundles.length
      ? [
          `settings/pricing bundleOwnedCreditPercent is ${rules.bundleOwnedCreditPercent}: a buyer owning bundle courses pays a price no product above has,`,
          '  and virtual payment cannot sell it; set it to 0 where xpay sells bundles',
        ]
      : [];
  return { products: [...products.values()].sort((a, b) => a.productId.localeCompare(b.productId)), warnings };
}

export interface BackOfficeProduct {
  productId: string;
  priceFen: number;
}

/** What the back office lacks, and what it prices otherwise. */
export function checkProducts(wanted: readonly XpayProduct[], existing: readonly BackOfficeProduct[]) {
  const there = new Map(existing.map((p) => [p.productId, p.priceFen]));
  const missing = wanted.filter((p) => !there.has(p.productId));
  const mismatched = wanted.filter((p) => there.has(p.productId) && there.get(p.productId) !== p.priceFen).map((p) => ({ ...p, backOfficeFen: there.get(p.productId)! }));
  return { missing, mismatched };
}

/** The back office's products: JSON [{productId, priceFen}] or CSV with productId and priceFen columns. */
export async function readBackOffice(file: string): Promise<BackOfficeProduct[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let rows: unknown[];
  if (/\.json$/i.test(file)) {
    const json = JSON.parse(text) as unknown;
    if (!Array.isArray(json)) throw new UsageError(`${file}: a JSON array of {productId, priceFen} is expected`);
    rows = json;
  } else {
    const [header = [], ...lines] = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
    const at = (name: string) => header.findIndex((h) => h.trim() === name);
    const [idAt, priceAt] = [at('productId'), at('priceFen')];
    if (idAt < 0 || priceAt < 0) throw new UsageError(`${file}: the CSV needs productId and priceFen columns`);
    rows = lines.map((r) => ({ productId: r[idAt]?.trim(), priceFen: Number(r[priceAt]) }));
  }
  return rows.map((row, i) => {
    const { productId, priceFen } = (row ?? {}) as { productId?: unknown; priceFen?: unknown };
    if (typeof productId !== 'string' || !productId || typeof priceFen !== 'number' || !Number.isInteger(priceFen)) {
      throw new UsageError(`${file}: product ${i + 1} needs a productId and an integer priceFen`);
    }
    return { productId, priceFen };
  });
}

export const xpayProductsCommand: Command = {
  name: 'xpay-products',
  summary: 'Virtual payment (xpay) products to create in the back office, one per item and price; --check compares them.',
  usage: '[--check <file.json|file.csv>]',
  details: [
    '  --check <file>   the products created (JSON [{"productId", "priceFen"}] or CSV with those columns):',
    '                   names those missing and those priced otherwise, exit 1 if any',
    'Published courses (list and member price), bundles and plans, read from the database.',
  ],
  options: { check: { type: 'string' } },
  async run({ values, positionals, io, target }) {
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const t = target();
    const published = { status: 'published' };
    const [courses, bundles, plans, settings] = await Promise.all([
      readAll<Catalog['courses'][number]>(t.db, 'courses', published),
      readAll<Catalog['bundles'][number]>(t.db, 'bundles', published),
      readAll<Catalog['plans'][number]>(t.db, 'membershipPlans', published),
      readAll<unknown>(t.db, 'settings', { _id: 'pricing' }),
    ]);
    const rules = pricingSettingsSchema.safeParse(settings[0] ?? PRICING_SETTINGS_DEFAULT);
    const { products, warnings } = xpayProducts({ courses, bundles, plans }, rules.success ? rules.data : PRICING_SETTINGS_DEFAULT);
    for (const warning of warnings) io.err(warning);
    if (typeof values.check !== 'string') {
      io.out(['productId\tpriceFen\ttitle', ...products.map((p) => `${p.productId}\t${p.priceFen}\t${p.title}`)].join('\n'));
      io.err(`${products.length} products on ${t.describe}`);
      return 0;
    }
    const { missing, mismatched } = checkProducts(products, await readBackOffice(values.check));
    const lines = [`checked ${products.length} products against ${values.check}`];
    for (const p of missing) lines.push(`  missing: ${p.productId} ${p.priceFen} fen ${p.title}`);
    for (const p of mismatched) lines.push(`  mismatched: ${p.productId} is ${p.backOfficeFen} fen in the back office, ${p.priceFen} fen here (${p.title})`);
    if (!missing.length && !mismatched.length) lines.push('every product is there at its price');
    io.out(lines.join('\n'));
    return missing.length || mismatched.length ? 1 : 0;
  },
};
