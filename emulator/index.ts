/**
 * The local cloud, in process: `startEmulator()` opens the modules on a data
 * folder and serves them on loopback, where the real wx-server-sdk can reach
 * them (see docs: wire-protocol.md).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { FUNCTIONS_OUT, ROOT } from '../lib/paths';
import { functionsModule } from './functions/module';
import { FunctionRunner } from './functions/runner';
import { TimerTriggers } from './functions/triggers';
import { openApiModule, type OpenApiModule } from './openapi/module';
import { openPay, type PayModule } from './pay/module';
import { startServer } from './server';
import { storageModule, type StorageModule } from './storage/module';
import { EMULATOR_APP_ID, EMULATOR_APP_SECRET, EMULATOR_XPAY_APP_KEY } from './xpay/keys';
import { DEFAULT_MESSAGE_PUSH_FUNCTION, openXpay, type XpayModule } from './xpay/module';
import { apiModule } from './api/module';
import { openDatabase, type DatabaseModule, type IndexCatalog } from './database';
import type { EmulatorModule } from './types';

export const DEFAULT_ENV_ID = 'local-dev';
export const DEFAULT_APP_ID = EMULATOR_APP_ID;
/** the emulator's own settings: `{"messagePush": {"function": "xpayNotify"}}` */
export const EMULATOR_CONFIG_FILE = path.join(ROOT, 'emulator', 'config.json');

export interface EmulatorOptions {
  /** 0 or absent: a free port */
  port?: number;
  /** where data lives between runs; default `.cloud-data/` */
  dataDir?: string;
  envId?: string;
  appId?: string;
  /** the built bundles; default build/cloudfunctions */
  functionsDir?: string;
  /** ms between pay notification attempts, the last one repeated */
  payRetrySchedule?: number[];
  /** ms before an accepted refund completes (default 0); null: only through POST /api/pay/refunds/<no>/complete */
  refundDelayMs?: number | null;
  /**
   * 消息推送 (virtual payment's delivery and refund pushes): the function it
   * invokes. Default: `messagePush.function` in emulator/config.json, else xpayNotify.
   */
  messagePush?: { function?: string };
  /** ms between push attempts, the last one repeated (default 1 s, 2 s, 4 s... a minute) */
  pushRetrySchedule?: number[];
  /** declared indexes by collection, so that unindexed queries are reported */
  indexes?: IndexCatalog;
  /** collections to create if missing, as the console would have */
  collections?: string[];
  /** the server's clock, for `db.serverDate()` */
  now?: () => Date;
  /**
   * run the functions' timer triggers on their schedules (default false, so
   * that tests stay deterministic; `npm run emulator` turns them on).
   * `POST /api/triggers/<function>/<trigger>` fires one either way.
   */
  timers?: boolean;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** where the SDK posts: `${url}/admin` */
  readonly adminUrl: string;
  readonly envId: string;
  readonly appId: string;
  readonly dataDir: string;
  readonly functions: FunctionRunner;
  readonly triggers: TimerTriggers;
  readonly database: DatabaseModule;
  readonly pay: PayModule;
  readonly storage: StorageModule;
  readonly openapi: OpenApiModule;
  readonly xpay: XpayModule;
  /** environment variables that point a wx-server-sdk in this process at the emulator */
  sdkEnv(identity?: { openid?: string; source?: string }): Record<string, string>;
  /** what could not be kept because the data folder was removed while running (ask after close() for the whole count) */
  unsaved(): Unsaved;
  close(): Promise<void>;
}

export interface Unsaved {
  dataDirRemoved: boolean;
  /** database changes (journal records) made after the folder was removed */
  databaseChanges: number;
  /** pay-order updates (WeChat Pay's and virtual payment's) made after it was removed */
  payUpdates: number;
}

/**
 * One line for a person stopping the emulator, or null when all was kept:
 * removing the data folder while it runs loses the folder's data and every
 * change since, and the next start begins from an empty folder.
 */
export function describeUnsaved(unsaved: Unsaved, dataDir: string): string | null {
  if (!unsaved.dataDirRemoved) return null;
  const shown = path.relative(process.cwd(), dataDir) || dataDir;
  const changes = unsaved.databaseChanges + unsaved.payUpdates;
  const parts = [
    ...(unsaved.databaseChanges ? [`${unsaved.databaseChanges} to the database`] : []),
    ...(unsaved.payUpdates ? [`${unsaved.payUpdates} to pay orders`] : []),
  ];
  const since = changes === 0 ? 'nothing changed since, so nothing more was lost' : `${changes} change${changes === 1 ? '' : 's'} since could not be saved${parts.length > 1 ? ` (${parts.join(', ')})` : ''}`;
  return `the data folder ${shown.startsWith('..') ? dataDir : shown} was removed while running; ${since}. The next start begins with an empty one.`;
}

/** What emulator/config.json says 消息推送 goes to, if it says. */
async function configuredPushFunction(): Promise<string | undefined> {
  let raw: string;
  try {
    raw = await readFile(EMULATOR_CONFIG_FILE, 'utf8');
  } catch {
    return undefined;
  }
  const config = JSON.parse(raw) as { messagePush?: { function?: unknown } };
  const name = config.messagePush?.function;
  if (name !== undefined && (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,60}$/.test(name))) {
    throw new Error(`${EMULATOR_CONFIG_FILE}: messagePush.function must be a function name`);
  }
  return name;
}

/**
 * What every function runs with besides the cloud's own: where WeChat's API
 * is (the emulator itself) and the secrets the console's environment
 * variables hold in the cloud, here the emulator's demo ones.
 */
export function wechatApiEnv(serverUrl: string): Record<string, string> {
  return { WECHAT_API_BASE: serverUrl, WX_APP_SECRET: EMULATOR_APP_SECRET, XPAY_APP_KEY: EMULATOR_XPAY_APP_KEY };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const envId = options.envId ?? DEFAULT_ENV_ID;
  const appId = options.appId ?? DEFAULT_APP_ID;
  const dataDir = path.resolve(options.dataDir ?? path.join(ROOT, '.cloud-data'));
  await mkdir(dataDir, { recursive: true });

  let serverUrl = '';
  let adminUrl = '';
  const database = await openDatabase({ dataDir: path.join(dataDir, 'database'), now: options.now, indexes: options.indexes });
  for (const name of options.collections ?? []) await database.createCollection(name);
  const functionsDir = options.functionsDir ?? FUNCTIONS_OUT;
  const functions = new FunctionRunner({
    functionsDir,
    envId,
    appId,
    adminUrl: () => adminUrl,
    roundTrips: (token) => database.roundTrips(token),
    env: () => wechatApiEnv(serverUrl),
  });

  const pay = await openPay({ dataDir, appId, runner: functions, retrySchedule: options.payRetrySchedule, refundDelayMs: options.refundDelayMs });
  const xpay = await openXpay({
    dataDir,
    appId,
    runner: functions,
    messagePushFunction: options.messagePush?.function ?? (await configuredPushFunction()) ?? DEFAULT_MESSAGE_PUSH_FUNCTION,
    retrySchedule: options.pushRetrySchedule,
    refundDelayMs: options.refundDelayMs,
  });
  const storage = storageModule({ dataDir, envId, baseUrl: () => serverUrl });
  const openapi = openApiModule(functions);
  const triggers = new TimerTriggers({ functionsDir, appId, runner: functions });
  const modules: EmulatorModule[] = [database, functionsModule(functions, { appId, functionsDir, triggers }), pay, xpay, storage, openapi, apiModule({ database, dataDir })];
  const server = await startServer(modules, { port: options.port });
  serverUrl = server.url;
  adminUrl = `${server.url}/admin`;
  // notifications a previous run on this data folder left undelivered go on
  pay.resume();
  xpay.resume();
  if (options.timers) await triggers.start();

  return {
    url: server.url,
    port: server.port,
    adminUrl,
    envId,
    appId,
    dataDir,
    functions,
    triggers,
    database,
    pay,
    storage,
    openapi,
    xpay,
    sdkEnv: (identity = {}) => ({
      ...wechatApiEnv(server.url),
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
      TENCENTCLOUD_SECRETID: 'emulator-secret-id',
      TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
      TENCENTCLOUD: 'true',
      SCF_NAMESPACE: envId,
      TCB_ENV: envId,
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_API_TOKEN',
      WX_OPENID: identity.openid ?? '',
      WX_APPID: appId,
      WX_UNIONID: '',
      WX_API_TOKEN: '',
      TCB_SOURCE: identity.source ?? 'wx_client',
      SILENCE: 'true',
    }),
    unsaved() {
      const db = database.unsaved();
      const book = pay.book.unsaved();
      const xbook = xpay.book.unsaved();
      return { dataDirRemoved: db.removed || book.removed || xbook.removed || !existsSync(dataDir), databaseChanges: db.records, payUpdates: book.updates + xbook.updates };
    },
    async close() {
      await server.close();
      triggers.close();
      // Pay and xpay first: their notifications and pushes invoke functions; the database last: functions use it.
      await pay.close();
      await xpay.close();
      await functions.close();
      await database.close();
    },
  };
}
