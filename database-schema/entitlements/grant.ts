/**
 * An entitlement's document, in one place: granted by a paid order
 * (payment/settlement.ts) or by an operator (`npm run ops -- grant`), revoked
 * by a refund (payment/refunds.ts) or by an operator (`ops revoke`). Pure, next
 * to the schema, so the functions and the command line build it alike.
 */
import { entitlementSchema, type EntitlementDoc } from './schema';

export type EntitlementGrant = { openid: string; courseId: string; at: Date } & (
  | { source: 'purchase' | 'bundle'; orderId: string }
  | { source: 'grant'; reason: string }
);

const grantedSchema = entitlementSchema.omit({ _id: true });

/** The active entitlement a grant makes, validated: to set under `entitlementId(openid, courseId)`. */
export function grantedEntitlement(grant: EntitlementGrant): Omit<EntitlementDoc, '_id'> {
  return grantedSchema.parse({
    openid: grant.openid,
    _openid: grant.openid,
    courseId: grant.courseId,
    status: 'active',
    source: grant.source,
    orderId: grant.source === 'grant' ? null : grant.orderId,
    grantedAt: grant.at,
    revokedAt: null,
    reason: grant.source === 'grant' ? grant.reason : '',
  });
}

/** What revoking changes in an entitlement: `reason` is an operator's, or `refund`. */
export const entitlementRevocation = (reason: string, at: Date): Pick<EntitlementDoc, 'status' | 'revokedAt' | 'reason'> => ({
  status: 'revoked',
  revokedAt: at,
  reason,
});
