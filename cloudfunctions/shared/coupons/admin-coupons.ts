/**
 * Operators' side of coupons: creating and editing templates, and the list of
 * them with how many were claimed and how many spent.
 *
 * `claimed` belongs to the claims (coupons.ts takes stock units with a
 * conditional increment): an edit never writes it, so a claim landing while
 * an operator saves is never lost, and the stock may not go below it.
 */
import type { CouponTemplateDoc } from '../../../database-schema/couponTemplates/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { AdminCouponTemplateView } from '../../../typings/pricing-api';
import { $, _, aggregated, db, docById, newestPage } from '../platform/cloud';
import { fail } from '../platform/errors';
import { discountText, scopeText } from '../pricing/pricing';
import { validityText } from './coupons';

export function toAdminCouponTemplateView(doc: CouponTemplateDoc, used: number): AdminCouponTemplateView {
  return {
    id: doc._id,
    title: doc.title,
    discount: doc.discount,
    scope: doc.scope,
    discountText: discountText(doc.discount),
    scopeText: scopeText(doc.scope),
    validityText: validityText(doc.validity),
    stock: doc.stock,
    claimed: doc.claimed,
    used,
    perLearnerLimit: doc.perLearnerLimit,
    status: doc.status,
    createdAt: doc.createdAt.getTime(),
  };
}

/** Coupons spent by paid orders, by template, for the templates given (one aggregate, bounded by them). */
async function usedCounts(templateIds: string[]): Promise<Map<string, number>> {
  if (!templateIds.length) return new Map();
  const rows = await aggregated<{ _id: string; used: number }>(
    db
      .collection('coupons')
      .aggregate()
      .match({ templateId: _.in(templateIds), status: 'used' })
      .group({ _id: '$templateId', used: $.sum(1) }),
  );
  return new Map(rows.map((r) => [r._id, r.used]));
}

const updatedCount = (result: unknown): number => (result as { stats?: { updated?: number } }).stats?.updated ?? 0;
const stockBelowClaimed = (claimed: number): never => fail('INVALID_INPUT', `stock: 库存不能少于已领取的 ${claimed} 张`);

/**
 * Creates the template, or updates the one with its ID (its `claimed` kept).
 * `dryRun`: nothing written; the answer is what would be saved.
 */
export async function saveCouponTemplate({ template: input, dryRun }: ParsedRequestOf<'adminSaveCouponTemplate'>): Promise<ResponseOf<'adminSaveCouponTemplate'>> {
  const now = new Date();
  const { id, ...terms } = input;
  const existing = await docById<CouponTemplateDoc>('couponTemplates', id);
  if (existing && terms.stock < existing.claimed) return stockBelowClaimed(existing.claimed);
  let saved: CouponTemplateDoc = existing ? { ...existing, ...terms, updatedAt: now } : { _id: id, ...terms, claimed: 0, createdAt: now, updatedAt: now };

  if (!dryRun && existing) {
    // the object fields replaced whole (`_.set`): an update would otherwise merge them, keeping a percent coupon's old amountFen
    const updated = await db
      .collection('couponTemplates')
      .where({ _id: id, claimed: _.lte(terms.stock) })
      .update({
        data: { ...terms, discount: _.set(terms.discount), scope: _.set(terms.scope), validity: _.set(terms.validity), updatedAt: now },
      });
    const after = await docById<CouponTemplateDoc>('couponTemplates', id);
    if (!after) return fail('NOT_FOUND', '优惠券模板不存在');
    // claims went past the new stock between the read and the update
    if (updatedCount(updated) !== 1) return stockBelowClaimed(after.claimed);
    saved = after;
  } else if (!dryRun) {
    const { _id, ...data } = saved;
    try {
      await db.collection('couponTemplates').add({ data: { _id, ...data } });
    } catch (error) {
      // another save of the same ID created it first
      if (await docById<CouponTemplateDoc>('couponTemplates', id)) return fail('CONFLICT', `优惠券模板 ${id} 刚被另一次保存创建，请重试`);
      throw error;
    }
  }
  const used = await usedCounts([id]);
  return { template: toAdminCouponTemplateView(saved, used.get(id) ?? 0), created: !existing, dryRun };
}

export async function listCouponTemplates({ page, pageSize }: ParsedRequestOf<'adminListCouponTemplates'>): Promise<ResponseOf<'adminListCouponTemplates'>> {
  const { rows, ...paging } = await newestPage<CouponTemplateDoc>(db.collection('couponTemplates'), page, pageSize);
  const used = await usedCounts(rows.map((r) => r._id));
  return { items: rows.map((r) => toAdminCouponTemplateView(r, used.get(r._id) ?? 0)), ...paging };
}
