/** `export-orders`' CSV, pure: the pricing columns beside the old ones. */
import { describe, expect, it } from 'vitest';
import type { OrderDoc } from '../../database-schema/orders/schema';
import { parseCsv } from './csv';
import { ORDER_CSV_HEADER, ordersCsv } from './orders';

const base: OrderDoc = {
  _id: 'K1',
  outTradeNo: 'K1',
  openid: 'o_a',
  _openid: 'o_a',
  courseId: 'bundle-b1',
  courseTitle: '专栏',
  courseCoverFileId: '',
  amountFen: 29000,
  status: 'paid',
  provider: 'cloudpay',
  createdAt: new Date('2026-03-02T04:00:00Z'),
  updatedAt: new Date('2026-03-02T04:00:00Z'),
  expiresAt: new Date('2026-03-02T04:30:00Z'),
  paidAt: new Date('2026-03-02T04:01:00Z'),
  closedAt: null,
  outRefundNo: null,
  refundedAt: null,
  kind: 'bundle',
  productId: 'b1',
  pricing: { listFen: 39900, memberFen: null, ownedCreditFen: 9900, couponId: 'c1', couponFen: 1000, totalFen: 29000 },
};

describe('ordersCsv', () => {
  it('keeps the old columns first and adds kind, list price, discount and coupon', () => {
    const legacy: OrderDoc = { ...base, _id: 'K2', outTradeNo: 'K2', courseId: 'course-a', amountFen: 9900, kind: undefined, productId: undefined, pricing: undefined };
    const [header, bundle, course] = parseCsv(ordersCsv([base, legacy]));
    expect(header).toEqual(ORDER_CSV_HEADER);
    expect(header!.slice(0, 7)).toEqual(['outTradeNo', 'status', 'openid', 'courseId', 'courseTitle', 'totalFeeFen', 'totalFeeYuan']);
    const column = (row: string[], name: string) => row[ORDER_CSV_HEADER.indexOf(name)];
    expect(['kind', 'totalFeeFen', 'listFen', 'discountFen', 'couponId'].map((n) => column(bundle!, n))).toEqual(['bundle', '29000', '39900', '10900', 'c1']);
    expect(['kind', 'totalFeeFen', 'listFen', 'discountFen', 'couponId'].map((n) => column(course!, n))).toEqual(['course', '9900', '9900', '0', '']);
  });
});
