/** `grant` and `revoke`: a course given or taken back by hand, with the reason on the entitlement. */
import { entitlementRevocation, grantedEntitlement } from '../../database-schema/entitlements/grant';
import { entitlementId, type EntitlementDoc } from '../../database-schema/entitlements/schema';
import { openid as openidSchema } from '../../database-schema/common';
import { courseIdSchema } from '../../typings/admin-api';
import { requireValue, type Command, type CommandContext } from './command';
import { check, inTransaction, UsageError, type TcbDb, type TcbTransaction } from './tcb';

function subject(context: CommandContext): { openid: string; courseId: string; reason: string } {
  const [openid, courseId] = context.positionals;
  if (!openid || !courseId) throw new UsageError('<openid> and <courseId> are required');
  if (!openidSchema.safeParse(openid).success) throw new UsageError(`not an OPENID: ${openid}`);
  if (!courseIdSchema.safeParse(courseId).success) throw new UsageError(`not a course ID: ${courseId}`);
  const reason = requireValue(context.values, 'reason');
  if (reason.length > 200) throw new UsageError('--reason: at most 200 characters');
  return { openid, courseId, reason };
}

type EntitlementRef = ReturnType<ReturnType<TcbTransaction['collection']>['doc']>;

/**
 * In one transaction: the learner's entitlement to the course read, and the
 * write `change` answers for it made (none: nothing changes). Answers what
 * was there, and whether it changed.
 */
async function changeEntitlement(
  db: TcbDb,
  { openid, courseId }: { openid: string; courseId: string },
  change: (existing: EntitlementDoc | null) => ((ref: EntitlementRef) => Promise<unknown>) | null,
): Promise<{ existing: EntitlementDoc | null; changed: boolean }> {
  const read = { existing: null as EntitlementDoc | null };
  const changed = await inTransaction(db, async (transaction) => {
    const ref = transaction.collection('entitlements').doc(entitlementId(openid, courseId));
    read.existing = ((await ref.get()).data as EntitlementDoc | null) ?? null;
    const write = change(read.existing);
    if (!write) return false;
    await write(ref);
    return true;
  });
  return { existing: read.existing, changed };
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
    const { existing, changed } = await changeEntitlement(db, { openid, courseId }, (existing) =>
      existing?.status === 'active' ? null : (ref) => ref.set(grantedEntitlement({ openid, courseId, source: 'grant', reason, at: new Date() })),
    );
    if (!changed) {
      context.io.out(`${openid} already owns ${courseId} (${existing?.source}); nothing changed`);
      return 0;
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
    const { changed } = await changeEntitlement(context.target().db, { openid, courseId }, (existing) =>
      existing?.status === 'active' ? (ref) => ref.update(entitlementRevocation(reason, new Date())) : null,
    );
    if (!changed) {
      context.io.out(`${openid} does not own ${courseId}; nothing changed`);
      return 1;
    }
    context.io.out(`revoked ${courseId} from ${openid}: ${reason}`);
    return 0;
  },
};
