/**
 * A learner's list paged by cursor (reviews, questions): ordered by a time,
 * then by `_id`, so that rows written in the same millisecond are neither
 * skipped nor repeated at a page's edge. The cursor is the last row's
 * position, `<epoch ms>.<_id>`.
 */
import { _ } from './cloud';
import { fail } from './errors';

export const cursorAt = (at: Date, id: string): string => `${at.getTime()}.${id}`;

function parseCursor(cursor: string): { at: Date; id: string } {
  const dot = cursor.indexOf('.');
  const millis = Number(cursor.slice(0, dot));
  if (dot < 1 || !Number.isSafeInteger(millis)) return fail('INVALID_INPUT', 'cursor: 无效的分页位置');
  return { at: new Date(millis), id: cursor.slice(dot + 1) };
}

/** The clause for the rows after `cursor` in a list ordered by `field` then `_id`, both `order`. */
export function afterCursor(field: string, order: 'asc' | 'desc', cursor: string): object {
  const { at, id } = parseCursor(cursor);
  return order === 'desc' ? _.or([{ [field]: _.lt(at) }, { [field]: at, _id: _.lt(id) }]) : _.or([{ [field]: _.gt(at) }, { [field]: at, _id: _.gt(id) }]);
}
