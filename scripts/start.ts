/**
 * npm start: the product on the local cloud, in a browser. Builds the cloud
 * functions, the mini-program and the preview, starts the emulator on
 * CLOUD_DATA_DIR (default .cloud-data/, seeded with the demo catalog on the
 * first start) and serves the preview on PORT (default 8080; the emulator on
 * EMULATOR_PORT, default 9090). Ctrl-C stops both cleanly.
 */
import path from 'node:path';
import { describeUnsaved } from '../emulator/index';
import { buildPreview } from '../preview/build';
import { startProduct } from '../preview/product';
import { buildFunctions, buildMiniprogram } from './build-lib';
import { cliArgs } from '../lib/cli-args';
import { ROOT } from '../lib/paths';

cliArgs({
  usage: `npm start [-- --help]

Builds everything and runs the product on the local cloud: the preview in a browser.
It takes no flags; it is set up by environment variables:
  PORT=8080                  the preview's port (0 picks a free one)
  EMULATOR_PORT=9090         the local cloud's port
  CLOUD_DATA_DIR=.cloud-data where the local cloud keeps its data (delete it to start over)
Ctrl-C stops both.`,
  options: {},
});

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number (0 for any free port), not "${raw}"`);
    process.exit(2);
  }
  return port;
}

const port = portFrom('PORT', 8080);
const emulatorPort = portFrom('EMULATOR_PORT', 9090);
const dataDir = path.resolve(process.env.CLOUD_DATA_DIR || path.join(ROOT, '.cloud-data'));

const started = Date.now();
const built = await buildFunctions();
await buildMiniprogram();
await buildPreview();
console.info(`built ${built.length} cloud functions, the mini-program and the preview in ${((Date.now() - started) / 1000).toFixed(1)} s`);

let product;
try {
  product = await startProduct({ port, emulatorPort, dataDir, log: (line) => console.info(line) });
} catch (error) {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE') {
    console.error(`Port ${e.port ?? ''} is already in use (another npm start?). Stop it, or choose other ports: PORT=8081 EMULATOR_PORT=9091 npm start`);
  } else if (/in use by process/i.test(String(e.message))) {
    console.error(`${e.message}\nAnother local cloud is using ${dataDir}. Stop it, or use another folder: CLOUD_DATA_DIR=/tmp/zhishi npm start`);
  } else {
    console.error(error);
  }
  process.exit(1);
}

console.info(`local cloud (emulator) at ${product.emulator.url}, data in ${dataDir}`);
console.info(`preview: ${product.url}`);
console.info('Open the preview address in a browser. Ctrl-C stops.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.info('stopping...');
  // never a crash: a failure is one line and exit 1; a data folder removed while running is said, with what was lost
  try {
    await product.close();
  } catch (error) {
    console.error(`stopping: ${(error as Error).message}`);
    process.exit(1);
  }
  const lost = describeUnsaved(product.emulator.unsaved(), product.emulator.dataDir);
  if (lost) console.warn(lost);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
