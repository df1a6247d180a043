/** `npm run ops -- <command> --local` run in the test's process against a test cloud, its output kept. */
import { runOps } from '../../scripts/ops/cli';
import type { TestCloud } from './index';

export interface OpsRun {
  code: number;
  /** stdout's lines joined */
  out: string;
  /** stderr's */
  err: string;
}

export function opsOn(cloud: () => Pick<TestCloud, 'url'>): (...argv: string[]) => Promise<OpsRun> {
  return async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOps([...argv, '--local', '--url', cloud().url], { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
