/**
 * `npm run ops -- <command> [options]`: the operator command line, on
 * tcb-admin-node, against a real environment (TCB_ENV,
 * TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY) or the emulator (--local).
 */
import { bundles } from './bundles';
import { runCommand, type Command, type Io } from './command';
import { coupons } from './coupons';
import { grant, revoke } from './entitlements';
import { importCourses } from './import-courses';
import { migrate } from './migrate';
import { exportOrders, stats } from './orders';
import { plans } from './plans';
import { questions } from './questions';
import { reconcile } from './reconcile';
import { reviews } from './reviews';
import { seed } from './seed';
import { xpayProductsCommand } from './xpay-products';

export const COMMANDS: Command[] = [seed, importCourses, exportOrders, stats, grant, revoke, reconcile, migrate, reviews, questions, coupons, bundles, plans, xpayProductsCommand];

function overview(): string {
  return [
    'npm run ops -- <command> [--local] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`),
    '',
    'npm run ops -- <command> --help for its options. A real environment comes from TCB_ENV,',
    'TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY; --local runs against `npm run emulator`.',
  ].join('\n');
}

export async function runOps(argv: string[], io: Io, environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command ${name}\n\n${overview()}`);
    return 2;
  }
  return runCommand(command, rest, io, environment);
}
