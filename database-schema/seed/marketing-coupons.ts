/**
 * The demo's coupon templates (优惠券): a newcomer's coupon for anything,
 * valid for 30 days from claiming, and one for bundles (专栏) within a fixed
 * window. Seeding again writes them afresh, `claimed` back to 0 as courses'
 * `salesCount` are: a demo environment's numbers, not a live one's
 * (`npm run ops -- coupons --recount <id>` counts the coupons again).
 */
import type { CouponTemplateDoc } from '../couponTemplates/schema';

export function demoCouponTemplates(now: Date): CouponTemplateDoc[] {
  // the newcomer's coupon listed first (newest first): a second older
  const earlier = new Date(now.getTime() - 1000);
  return [
    {
      _id: 'new-user-10',
      title: '新人专享券',
      discount: { type: 'amount', amountFen: 1000, thresholdFen: 0 },
      scope: { type: 'all' },
      validity: { type: 'days', days: 30 },
      stock: 1000,
      claimed: 0,
      perLearnerLimit: 1,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    },
    {
      _id: 'bundle-50',
      title: '专栏满减券',
      discount: { type: 'amount', amountFen: 5000, thresholdFen: 19900 },
      // no IDs: any bundle, including those added after seeding
      scope: { type: 'bundles', ids: [] },
      validity: { type: 'window', from: new Date('2026-01-01T00:00:00+08:00'), until: new Date('2030-01-01T00:00:00+08:00') },
      stock: 200,
      claimed: 0,
      perLearnerLimit: 1,
      status: 'active',
      createdAt: earlier,
      updatedAt: earlier,
    },
  ];
}
