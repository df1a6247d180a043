/**
 * Where the page tests leave their setData measurements and what they hold
 * (written by setdata-meter.ts, read by scripts/bench.ts; no vitest here).
 */
import path from 'node:path';
import { ROOT } from '../../lib/paths';

export const SETDATA_ARTIFACTS = path.join(ROOT, '.test-artifacts', 'setdata');

export interface SetDataRecord {
  /** the page or component whose code called setData: `pages/lesson/index` */
  source: string;
  /** how many setData calls it made */
  calls: number;
  /** the largest payload, UTF-8 bytes of JSON.stringify */
  maxBytes: number;
  /** the top-level keys of that largest payload */
  maxKeys: string[];
}

export interface SetDataReport {
  testFile: string;
  writtenAt: string;
  records: SetDataRecord[];
}
