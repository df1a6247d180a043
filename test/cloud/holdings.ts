/**
 * What a learner holds, written straight into the database: a course given
 * by hand (as `ops grant` gives it), and a bundle as settlement writes it (a
 * paid bundle order with the courses it granted, and those entitlements),
 * for suites that need owners without going through createOrder and the pay
 * sheet.
 */
import type * as WxServerSdk from 'wx-server-sdk';
import { grantedEntitlement } from '../../database-schema/entitlements/grant';
import { entitlementId } from '../../database-schema/entitlements/schema';
import { orderSchema, productKeyOf, type OrderDoc } from '../../database-schema/orders/schema';

type Db = ReturnType<typeof WxServerSdk.database>;

let sequence = 0;

/** The learner owns the course: an active entitlement, as an operator's grant. */
export async function ownCourse(db: Db, openid: string, courseId: string): Promise<void> {
  await db.collection('entitlements').doc(entitlementId(openid, courseId)).set({ data: grantedEntitlement({ openid, courseId, source: 'grant', reason: 'test', at: new Date() }) });
}

/**
 * `granted`: the courses the order gave (those the learner did not own
 * already); `status`: 'paid', or e.g. 'refunded' for one that no longer holds
 * the bundle (then nothing is granted). Answers the order.
 */
export async function holdBundle(
  db: Db,
  openid: string,
  bundle: { id: string; title: string; priceFen: number },
  granted: readonly string[],
  status: OrderDoc['status'] = 'paid',
): Promise<OrderDoc> {
  sequence += 1;
  const at = new Date();
  const id = `B${String(Date.now()).slice(-9)}${String(sequence).padStart(5, '0')}`;
  const paid = status !== 'unpaid' && status !== 'closed';
  const order = orderSchema.parse({
    _id: id,
    outTradeNo: id,
    openid,
    _openid: openid,
    courseId: productKeyOf('bundle', bundle.id),
    courseTitle: bundle.title,
    courseCoverFileId: '',
    amountFen: bundle.priceFen,
    status,
    provider: 'cloudpay',
    createdAt: at,
    updatedAt: at,
    expiresAt: at,
    paidAt: paid ? at : null,
    closedAt: null,
    outRefundNo: status === 'refunded' ? `R${id}` : null,
    refundedAt: status === 'refunded' ? at : null,
    kind: 'bundle',
    productId: bundle.id,
    pricing: { listFen: bundle.priceFen, memberFen: null, ownedCreditFen: 0, couponId: null, couponFen: 0, totalFen: bundle.priceFen },
    grantedCourseIds: status === 'paid' ? [...granted] : [],
  });
  const { _id, ...data } = order;
  await db.collection('orders').doc(_id).set({ data });
  if (status === 'paid') {
    for (const courseId of granted) {
      await db.collection('entitlements').doc(entitlementId(openid, courseId)).set({ data: grantedEntitlement({ openid, courseId, source: 'bundle', orderId: _id, at }) });
    }
  }
  return order;
}
