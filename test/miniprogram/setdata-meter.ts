/**
 * Measures every setData the page tests make: its payload as WeChat measures
 * it (UTF-8 bytes of JSON.stringify), by the page or component whose code
 * called it. The largest per page is written to
 * `.test-artifacts/setdata/<test file>.json` after each test file, for
 * `npm run bench` to report against the 64 KB target and the 256 KB audit line.
 *
 * It wraps exparser's own setData (shared by every component, TDesign's
 * included) the first time the harness renders something.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { MINIPROGRAM_OUT, ROOT } from '../../lib/paths';
import { SETDATA_ARTIFACTS, type SetDataRecord, type SetDataReport } from './setdata-report';

const records = new Map<string, SetDataRecord>();
const PATCHED = Symbol.for('setdata-meter');

/** The compiled mini-program file nearest the call in the stack, without its extension. */
function callerSource(): string {
  const stack = new Error().stack ?? '';
  const limit = MINIPROGRAM_OUT + path.sep;
  for (const line of stack.split('\n').slice(1)) {
    const at = line.indexOf(limit);
    if (at < 0) continue;
    const file = line.slice(at + limit.length).replace(/:\d+:\d+\)?$/, '');
    return file.replace(/\.js$/, '');
  }
  return '(outside the mini-program)';
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function record(data: unknown): void {
  const bytes = byteLength(JSON.stringify(data) ?? '');
  const source = callerSource();
  const current = records.get(source) ?? { source, calls: 0, maxBytes: 0, maxKeys: [] };
  current.calls += 1;
  if (bytes > current.maxBytes) {
    current.maxBytes = bytes;
    current.maxKeys = data && typeof data === 'object' ? Object.keys(data) : [];
  }
  records.set(source, current);
}

/** Wraps the setData that `instance` (a rendered page or component's) inherits, once. */
export function meterSetData(instance: unknown): void {
  const node = (instance as { _exparserNode?: object })._exparserNode;
  let proto: object | null = node ?? null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'setData')) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  const owner = proto as { setData: (this: unknown, data: unknown, ...rest: unknown[]) => unknown; [PATCHED]?: boolean };
  if (owner[PATCHED]) return;
  const original = owner.setData;
  owner.setData = function (this: unknown, data: unknown, ...rest: unknown[]) {
    try {
      record(data);
    } catch {
      // a payload JSON cannot hold is the page's problem, reported by setData itself
    }
    return original.call(this, data, ...rest);
  };
  owner[PATCHED] = true;
}

afterAll(() => {
  if (records.size === 0) return;
  const testPath = expect.getState().testPath ?? 'unknown';
  const testFile = path.relative(ROOT, testPath);
  const report: SetDataReport = { testFile, writtenAt: new Date().toISOString(), records: [...records.values()] };
  mkdirSync(SETDATA_ARTIFACTS, { recursive: true });
  writeFileSync(path.join(SETDATA_ARTIFACTS, `${testFile.replace(/[\\/]/g, '__')}.json`), JSON.stringify(report, null, 1) + '\n');
});
