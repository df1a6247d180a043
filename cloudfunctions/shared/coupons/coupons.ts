/**
 * Coupons on the learner's side: claiming one from a template (领券), the
 * caller's own coupons (我的优惠券), and the templates they may still claim
 * from (领券中心).
 *
 * Claiming, and why it is two steps. A template's stock is one counter
 * (`claimed`) every learner competes for: a transaction over the template
 * document would make 50 simultaneous claims conflict on that one document
 * until their retries ran out. So a stock unit is taken first by one atomic
 * conditional increment outside any transaction (`claimed < stock`, so it
 * never goes past the stock however many claim at once), and only then are
 * the learner's own documents written in a transaction (their claim count,
 * checked against the per-learner limit, and the coupon), where contention is
 * one learner's own taps. A refused or failed transaction gives its unit back.
 *
 * Residual risk: a function that dies between the two steps (a timeout, a
 * crash) leaks one unit, so `claimed` counts one coupon that never came to be
 * and the template hands out one fewer than its stock. It never hands out
 * more. `npm run ops -- coupons --recount <templateId>` sets `claimed` to the
 * coupons that exist.
 */
import { couponClaimId, couponId, type CouponClaimDoc } from '../../../database-schema/couponClaims/schema';
import type { CouponDoc } from '../../../database-schema/coupons/schema';
import type { CouponTemplateDoc, CouponValidity } from '../../../database-schema/couponTemplates/schema';
import type { ParsedRequestOf, ResponseOf } from '../../../typings/api';
import type { ClaimableCouponView } from '../../../typings/pricing-api';
import { $, _, db, docById, docs, expr, inTransaction, txDoc } from '../platform/cloud';
import { AppError, fail } from '../platform/errors';
import { dayjs, inBeijing } from '../platform/time';
import { toCouponView } from '../pricing/coupon-view';
import { discountText, scopeText } from '../pricing/pricing';

/** 我的优惠券 shows at most this many of a tab: a learner with more has long stopped scrolling */
export const COUPON_LIST_LIMIT = 100;
/** 领券中心 shows at most this many templates, newest first */
export const CLAIMABLE_LIMIT = 50;

/** 领取后 7 天内有效, or 2026-12-01 至 2026-12-31 (Beijing days). */
export function validityText(validity: CouponValidity): string {
  if (validity.type === 'days') return `领取后 ${validity.days} 天内有效`;
  // `until` is the first instant no longer valid, so the last day shown is the one that holds the instant before it
  const day = (d: Date) => inBeijing(d).format('YYYY-MM-DD');
  return `${day(validity.from)} 至 ${day(new Date(validity.until.getTime() - 1))}`;
}

/** Why a template hands out no coupon at `now`, or null when it does. */
export function claimRefusal(template: CouponTemplateDoc, now: Date): string | null {
  if (template.status !== 'active') return '该优惠券已停止发放';
  if (template.validity.type === 'window' && template.validity.until.getTime() <= now.getTime()) return '该优惠券的活动已结束';
  if (template.claimed >= template.stock) return '优惠券已被领完';
  return null;
}

const limitMessage = (template: CouponTemplateDoc) => `每人限领 ${template.perLearnerLimit} 张，你已领完`;

/** The coupon's validity, from the template's window, or from now for its days. */
function couponValidity(validity: CouponValidity, now: Date): { validFrom: Date; validUntil: Date } {
  if (validity.type === 'window') return { validFrom: validity.from, validUntil: validity.until };
  return { validFrom: now, validUntil: dayjs(now).add(validity.days, 'day').toDate() };
}

const updatedCount = (result: unknown): number => (result as { stats?: { updated?: number } }).stats?.updated ?? 0;

/**
 * Takes one unit of the template's stock, or COUPON_SOLD_OUT. The increment
 * is conditional on the stock read, too: an operator who changes the stock
 * meanwhile makes it miss, and it is tried again against the new stock.
 * Answers the template as it stood when the unit was taken.
 */
async function takeStockUnit(first: CouponTemplateDoc, now: Date): Promise<CouponTemplateDoc> {
  let template = first;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const taken = await db
      .collection('couponTemplates')
      .where({ _id: template._id, status: 'active', stock: template.stock, claimed: _.lt(template.stock) })
      .update({ data: { claimed: _.inc(1), updatedAt: now } });
    if (updatedCount(taken) === 1) return template;
    const current = await docById<CouponTemplateDoc>('couponTemplates', template._id);
    if (!current) return fail('NOT_FOUND', '优惠券不存在');
    const refusal = claimRefusal(current, now);
    if (refusal) return fail('COUPON_SOLD_OUT', refusal);
    template = current;
  }
  return fail('CONFLICT', '领取的人太多了，请稍后再试');
}

/** Gives back a unit taken for a claim that did not happen; logged, never masking why the claim failed. */
async function giveStockUnitBack(templateId: string): Promise<void> {
  try {
    await db
      .collection('couponTemplates')
      .where({ _id: templateId, claimed: _.gt(0) })
      .update({ data: { claimed: _.inc(-1), updatedAt: new Date() } });
  } catch (error) {
    console.error(`claimCoupon: could not give a stock unit of ${templateId} back (ops coupons --recount ${templateId} fixes it)`, error);
  }
}

export async function claimCoupon(openid: string, { templateId }: ParsedRequestOf<'claimCoupon'>): Promise<ResponseOf<'claimCoupon'>> {
  const now = new Date();
  const claimId = couponClaimId(templateId, openid);
  const [read, claims] = await Promise.all([docById<CouponTemplateDoc>('couponTemplates', templateId), docById<CouponClaimDoc>('couponClaims', claimId)]);
  if (!read) return fail('NOT_FOUND', '优惠券不存在');
  const refusal = claimRefusal(read, now);
  if (refusal) return fail('COUPON_SOLD_OUT', refusal);
  // an early answer, so a learner at their limit takes no stock unit; the transaction below decides
  if ((claims?.count ?? 0) >= read.perLearnerLimit) return fail('COUPON_LIMIT_REACHED', limitMessage(read));

  const template = await takeStockUnit(read, now);
  let attempted: string | null = null;
  try {
    const coupon = await inTransaction(async (tx) => {
      // the claim count numbers the coupons; a coupon already under the next number (a concurrent claim that
      // committed after the count was read, whose commit makes this one conflict and run again) is never
      // overwritten: the number after it is taken, and counted against the limit
      let n = ((await txDoc<CouponClaimDoc>(tx, 'couponClaims', claimId))?.count ?? 0) + 1;
      while (n <= template.perLearnerLimit && (await txDoc<CouponDoc>(tx, 'coupons', couponId(templateId, openid, n)))) n += 1;
      if (n > template.perLearnerLimit) throw new AppError('COUPON_LIMIT_REACHED', limitMessage(template));
      const id = couponId(templateId, openid, n);
      attempted = id;
      const doc: CouponDoc = {
        _id: id,
        templateId,
        openid,
        _openid: openid,
        title: template.title,
        discount: template.discount,
        scope: template.scope,
        ...couponValidity(template.validity, now),
        status: 'available',
        orderId: null,
        claimedAt: now,
        usedAt: null,
        updatedAt: now,
      };
      const { _id, ...data } = doc;
      await tx.collection('couponClaims').doc(claimId).set({ data: { templateId, openid, count: n } });
      await tx.collection('coupons').doc(_id).set({ data });
      return doc;
    });
    return { coupon: toCouponView(coupon, now) };
  } catch (error) {
    // a commit whose answer was lost did write the coupon: then the unit is spent, not given back
    if (!(error instanceof AppError) && attempted) {
      const landed = await docById<CouponDoc>('coupons', attempted).catch(() => null);
      if (landed && landed.openid === openid && landed.claimedAt.getTime() === now.getTime()) return { coupon: toCouponView(landed, now) };
    }
    await giveStockUnitBack(templateId);
    throw error;
  }
}

/**
 * The caller's coupons of one tab, newest claimed first. `usable`: available
 * and unexpired, and those an unpaid order holds (they come back if it
 * closes); `expired`: available but past their end.
 */
export async function listCoupons(openid: string, { status }: ParsedRequestOf<'listCoupons'>): Promise<ResponseOf<'listCoupons'>> {
  const now = new Date();
  const where =
    status === 'usable'
      ? _.or([
          { openid, status: 'available', validUntil: _.gt(now) },
          { openid, status: 'reserved' },
        ])
      : status === 'used'
        ? { openid, status: 'used' }
        : { openid, status: 'available', validUntil: _.lte(now) };
  const rows = await docs<CouponDoc>(db.collection('coupons').where(where).orderBy('claimedAt', 'desc').orderBy('_id', 'desc').limit(COUPON_LIST_LIMIT));
  return { items: rows.map((doc) => toCouponView(doc, now)) };
}

/**
 * Templates handing out coupons (active, in stock, not past their window),
 * newest first, each with how many the caller has claimed of it: one read of
 * the caller's claim counts, by their IDs.
 */
export async function listClaimableCoupons(openid: string): Promise<ResponseOf<'listClaimableCoupons'>> {
  const now = new Date();
  const templates = await docs<CouponTemplateDoc>(
    db
      .collection('couponTemplates')
      .where(
        _.and([
          { status: 'active' },
          _.or([{ 'validity.type': 'days' }, { 'validity.until': _.gt(now) }]),
          // in stock: a comparison of two fields of the document
          expr($.lt(['$claimed', '$stock'])),
        ] as Parameters<typeof _.and>[0]),
      )
      .orderBy('createdAt', 'desc')
      .limit(CLAIMABLE_LIMIT),
  );
  const claims = templates.length
    ? await docs<CouponClaimDoc>(
        db
          .collection('couponClaims')
          .where({ _id: _.in(templates.map((t) => couponClaimId(t._id, openid))) })
          .limit(templates.length),
      )
    : [];
  const claimedBy = new Map(claims.map((c) => [c.templateId, c.count]));
  return { items: templates.map((t) => toClaimableView(t, claimedBy.get(t._id) ?? 0, now)) };
}

function toClaimableView(template: CouponTemplateDoc, claimedByMe: number, now: Date): ClaimableCouponView {
  const remaining = Math.max(0, template.stock - template.claimed);
  return {
    templateId: template._id,
    title: template.title,
    discount: template.discount,
    scope: template.scope,
    discountText: discountText(template.discount),
    scopeText: scopeText(template.scope),
    validityText: validityText(template.validity),
    remaining,
    claimedByMe,
    perLearnerLimit: template.perLearnerLimit,
    canClaim: claimRefusal(template, now) === null && claimedByMe < template.perLearnerLimit,
  };
}
