import { describe, expect, it } from 'vitest';
import { couponTemplateSchema } from '../couponTemplates/schema';
import { demoCouponTemplates } from './marketing-coupons';

describe('the demo coupon templates', () => {
  const now = new Date('2026-12-03T08:00:00Z');
  const templates = demoCouponTemplates(now);

  it('are valid templates, handing out coupons, none claimed yet', () => {
    expect(templates.map((t) => t._id)).toEqual(['new-user-10', 'bundle-50']);
    for (const t of templates) {
      expect(couponTemplateSchema.parse(t), t._id).toEqual(t);
      expect(t).toMatchObject({ status: 'active', claimed: 0, perLearnerLimit: 1 });
    }
  });

  it('are a newcomer’s 10 yuan off anything for 30 days, and 50 off a bundle of 199 until well after now', () => {
    const [newUser, bundle] = templates;
    expect(newUser).toMatchObject({ discount: { type: 'amount', amountFen: 1000, thresholdFen: 0 }, scope: { type: 'all' }, validity: { type: 'days', days: 30 }, stock: 1000 });
    expect(bundle).toMatchObject({ discount: { type: 'amount', amountFen: 5000, thresholdFen: 19900 }, scope: { type: 'bundles', ids: [] }, stock: 200 });
    expect(bundle!.validity.type === 'window' && bundle!.validity.until.getTime() - now.getTime()).toBeGreaterThan(365 * 24 * 3600 * 1000);
    // newest first lists the newcomer's first
    expect(newUser!.createdAt.getTime()).toBeGreaterThan(bundle!.createdAt.getTime());
  });
});
