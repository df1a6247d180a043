/**
 * `npm run emulator`: the local cloud on PORT (default 9090), keeping its data
 * in CLOUD_DATA_DIR (default .cloud-data/), running the bundles in
 * build/cloudfunctions (`npm run build:functions` makes them), with their
 * timer triggers on schedule unless CLOUD_TIMERS=0.
 */
import { collections } from '../database-schema';
import { cliArgs } from '../lib/cli-args';
import type { IndexSpec } from './database';
import { describeUnsaved, startEmulator } from './index';

const DEFAULT_PORT = 9090;

const USAGE = `npm run emulator [-- --help]

The local cloud: database, storage, functions, WeChat Pay, on one port.
It takes no flags; it is set up by environment variables:
  PORT=9090                  its port (0 picks a free one)
  CLOUD_DATA_DIR=.cloud-data where it keeps its data
  CLOUD_ENV_ID               the environment id it answers to
  FUNCTIONS_DIR              the bundled functions (default build/cloudfunctions; npm run build:functions)
  CLOUD_TIMERS=0             leave the timer triggers to POST /api/triggers/<function>/<trigger>
Ctrl-C stops it.`;

async function main(): Promise<void> {
  cliArgs({ usage: USAGE, options: {} });
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  const emulator = await startEmulator({
    port,
    dataDir: process.env.CLOUD_DATA_DIR || undefined,
    envId: process.env.CLOUD_ENV_ID || undefined,
    functionsDir: process.env.FUNCTIONS_DIR || undefined,
    indexes: Object.fromEntries(Object.entries(collections).map(([name, spec]) => [name, spec.indexes as IndexSpec[]])),
    collections: Object.keys(collections),
    // CLOUD_TIMERS=0 leaves the timer triggers to POST /api/triggers/<function>/<trigger>
    timers: process.env.CLOUD_TIMERS !== '0',
  });
  // Ctrl-C is listened for before the "local cloud ... at" line, so a stop
  // right after it still closes cleanly. Stopping never crashes: a failure is
  // one line and exit 1; a data folder removed while running is said, with
  // what could not be kept, and exit 0.
  const stop = async () => {
    try {
      await emulator.close();
    } catch (error) {
      console.error(`stopping the local cloud: ${(error as Error).message}`);
      process.exit(1);
    }
    const lost = describeUnsaved(emulator.unsaved(), emulator.dataDir);
    if (lost) console.warn(lost);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  console.info(`local cloud for env ${emulator.envId} at ${emulator.url} (data in ${emulator.dataDir})`);
  const timers = emulator.triggers.list();
  if (timers.length) console.info(`timer triggers: ${timers.map((t) => `${t.functionName}/${t.name} (${t.config})`).join(', ')}`);
  console.info(`point wx-server-sdk at it with TCB_CONTEXT_CNFG='{"URL":"${emulator.adminUrl}"}'; routes at ${emulator.url}/api`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
