/** `grant` and `revoke`: a course given or taken back by hand, with the reason on the entitlement. */
import { entitlementId, type EntitlementDoc } from '../../database-schema/entitlements/schema';
import { openid as openidSchema } from '../../database-schema/common';
import { courseIdSchema } from '../../typings/admin-api';
import { requireValue, type Command, type CommandContext } from './command';
import { check, UsageError } from './tcb';

function subject(context: CommandContext): { openid: string; courseId: string; reason: string } {
  const [openid, courseId] = context.positionals;
  if (!openid || !courseId) throw new UsageError('<openid> and <courseId> are required');
  if (!openidSchema.safeParse(openid).success) throw new UsageError(`not an OPENID: ${openid}`);
  if (!courseIdSchema.safeParse(courseId).success) throw new UsageError(`not a course ID: ${courseId}`);
  const reason = requireValue(context.values, 'reason');
  if (reason.length > 200) throw new UsageError('--reason: at most 200 characters');
  return { openid, courseId, reason };
}

export const grant: Command = {
  name: 'grant',
  summary: 'Gives a learner a course without an order (a gift, a support case), recording why.',
  usage: '<openid> <courseId> --reason "..."',
  options: { reason: { type: 'string' } },
  async run(context) {
    const { openid, courseId, reason } = subject(context);
    const { db } = context.target();
    const course = check(await db.collection('courses').doc(courseId).get(), 'read course').data[0];
    if (!course) throw new UsageError(`no course ${courseId}`);
    const id = entitlementId(openid, courseId);
    const transaction = await db.startTransaction();
    try {
      const existing = (await transaction.collection('entitlements').doc(id).get()).data as EntitlementDoc | null;
      if (existing?.status === 'active') {
        await transaction.rollback();
        context.io.out(`${openid} already owns ${courseId} (${existing.source}); nothing changed`);
        return 0;
      }
      const now = new Date();
      const doc: Omit<EntitlementDoc, '_id'> = {
        openid,
        _openid: openid,
        courseId,
        status: 'active',
        source: 'grant',
        orderId: null,
        grantedAt: now,
        revokedAt: null,
        reason,
      };
      await transaction.collection('entitlements').doc(id).set(doc);
      await transaction.commit();
    } catch (error) {
      await transaction.rollback().catch(() => undefined);
      throw error;
    }
    context.io.out(`granted ${courseId} to ${openid}: ${reason}`);
    return 0;
  },
};

export const revoke: Command = {
  name: 'revoke',
  summary: 'Takes a course back from a learner, recording why. It does not refund: refund a paid order with refundOrder.',
  usage: '<openid> <courseId> --reason "..."',
  options: { reason: { type: 'string' } },
  async run(context) {
    const { openid, courseId, reason } = subject(context);
    const { db } = context.target();
    const id = entitlementId(openid, courseId);
    const transaction = await db.startTransaction();
    try {
      const existing = (await transaction.collection('entitlements').doc(id).get()).data as EntitlementDoc | null;
      if (existing?.status !== 'active') {
        await transaction.rollback();
        context.io.out(`${openid} does not own ${courseId}; nothing changed`);
        return 1;
      }
      await transaction.collection('entitlements').doc(id).update({ status: 'revoked', revokedAt: new Date(), reason });
      await transaction.commit();
    } catch (error) {
      await transaction.rollback().catch(() => undefined);
      throw error;
    }
    context.io.out(`revoked ${courseId} from ${openid}: ${reason}`);
    return 0;
  },
};
