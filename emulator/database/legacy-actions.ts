/**
 * The tcb-admin-node 1.23 dialect (@cloudbase/database 0.9.15), used by the
 * operator command line.
 */
import type { ActionHandler } from '../types';
import type { DatabaseContext } from './actions';

export function createLegacyActions(_context: DatabaseContext): Record<string, ActionHandler> {
  return {};
}
