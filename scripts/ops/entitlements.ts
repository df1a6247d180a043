/** `grant` and `revoke`: a course given or taken back by hand, with the reason on the entitlement. */
import { entitlementRevocation, grantedEntitlement } from '../../database-schema/entitlements/grant';
import { entitlementId, type EntitlementDoc } from '../../database-schema/entitlements/schema';
import { openid as openidSchema } from '../../database-schema/common';
import { courseIdSchema } from '../../typings/admin-api';
import { requireValue, type Command, type CommandContext } from './command';
import { check, inTransaction, UsageError, type TcbDb, type TcbTransaction } from './tcb';

interface Subject {
  openid: string;
  courseId: string;
  reason: string;
}

function subject(context: CommandContext): Subject {
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
  { openid, courseId }: Pick<Subject, 'openid' | 'courseId'>,
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

/** A command on one learner's entitlement to one course: `act` answers the exit code and what to print. */
const byHand = (
  name: string,
  summary: string,
  act: (who: Subject, db: TcbDb) => Promise<{ code: number; said: string }>,
): Command => ({
  name,
  summary,
  usage: '<openid> <courseId> --reason "..."',
  options: { reason: { type: 'string' } },
  async run(context) {
    const { code, said } = await act(subject(context), context.target().db);
    context.io.out(said);
    return code;
  },
});

export const grant = byHand('grant', 'Gives a learner a course without an order (a gift, a support case), recording why.', async (who, db) => {
  const { openid, courseId, reason } = who;
  const course = check(await db.collection('courses').doc(courseId).get(), 'read course').data[0];
  if (!course) throw new UsageError(`no course ${courseId}`);
  const { existing, changed } = await changeEntitlement(db, who, (existing) =>
    existing?.status === 'active' ? null : (ref) => ref.set(grantedEntitlement({ openid, courseId, source: 'grant', reason, at: new Date() })),
  );
  if (!changed) return { code: 0, said: `${openid} already owns ${courseId} (${existing?.source}); nothing changed` };
  return { code: 0, said: `granted ${courseId} to ${openid}: ${reason}` };
});

export const revoke = byHand(
  'revoke',
  'Takes a course back from a learner, recording why. It does not refund: refund a paid order with refundOrder.',
  async (who, db) => {
    const { openid, courseId, reason } = who;
    const { changed } = await changeEntitlement(db, who, (existing) =>
      existing?.status === 'active' ? (ref) => ref.update(entitlementRevocation(reason, new Date())) : null,
    );
    if (!changed) return { code: 1, said: `${openid} does not own ${courseId}; nothing changed` };
    return { code: 0, said: `revoked ${courseId} from ${openid}: ${reason}` };
  },
);
