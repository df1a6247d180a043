import { entitlementId, type EntitlementDoc } from '../../../database-schema/entitlements/schema';
import { docById } from '../platform/cloud';

export async function ownsCourse(openid: string, courseId: string): Promise<boolean> {
  const entitlement = await docById<EntitlementDoc>('entitlements', entitlementId(openid, courseId));
  return entitlement?.status === 'active';
}
