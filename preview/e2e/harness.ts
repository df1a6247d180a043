/**
 * End-to-end harness: starts the product the way a person does (`npm start`'s
 * own script, in a child process, on free ports and a fresh data folder),
 * drives Debian's Chromium with playwright-core, and keeps a screenshot of
 * every step under .test-artifacts/e2e/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ROOT } from '../../lib/paths';

export const ARTIFACTS = path.join(ROOT, '.test-artifacts/e2e');

/** The flags toolchain.md names for headless Chromium on these machines; media may play without a gesture. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

export interface RunningProduct {
  url: string;
  emulatorUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/** `npm start` with PORT=0 and EMULATOR_PORT=0: resolves once it prints the preview's address. */
export async function startProductAsUser(timeoutMs = 150_000): Promise<RunningProduct> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zhishi-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', EMULATOR_PORT: '0', CLOUD_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const addresses = new Promise<{ url: string; emulatorUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no address in ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const preview = /preview: (http:\/\/\S+)/.exec(log);
      const emulator = /local cloud \(emulator\) at (http:\/\/\S+),/.exec(log);
      if (preview && emulator) {
        clearTimeout(timer);
        resolve({ url: preview[1], emulatorUrl: emulator[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${log}`));
    });
  });
  const { url, emulatorUrl } = await addresses;
  return {
    url,
    emulatorUrl,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        // as Ctrl-C does: the product closes the emulator and its data folder cleanly
        child.kill('SIGINT');
        const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
        if (code === 'timeout') child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A screenshot of the step, numbered in the order taken: .test-artifacts/e2e/<story>-<nn>-<step>.png */
export function stepShooter(page: Page, story: string) {
  let n = 0;
  return async (step: string) => {
    n += 1;
    // toasts fade; a frame or two so what the step shows is painted
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(ARTIFACTS, `${story}-${String(n).padStart(2, '0')}-${step}.png`) });
  };
}

export const UI_TIMEOUT = 20_000;

/** One product and one Chromium for a test file: started before its tests, stopped after. */
export function usePreview(): { product: RunningProduct; browser: Browser } {
  const running = {} as { product: RunningProduct; browser: Browser };
  beforeAll(async () => {
    running.product = await startProductAsUser();
    running.browser = await launchChromium();
  }, 200_000);
  afterAll(async () => {
    await running.browser?.close();
    await running.product?.stop();
  }, 30_000);
  return running;
}

/** The page on top of the stack, as the phone shows it, and the title in its navigation bar. */
export const top = (page: Page): Locator => page.locator('#viewport > page:not([hidden])');
export const navTitle = (page: Page): Locator => page.locator('.navbar__title');

/** The preview opened as one of its learners, with what the page logs kept for the failure message. */
export async function openAs(running: { product: RunningProduct; browser: Browser }, openid: string): Promise<{ page: Page; errors: string[] }> {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`${running.product.url}?as=${openid}`);
  await page.locator('body.preview-ready').waitFor();
  return { page, errors };
}

/** A cloud function called as a learner through the emulator's HTTP API, as the phone's calls arrive. */
export async function callAs<T>(product: RunningProduct, openid: string, name: string, data: unknown): Promise<T> {
  const res = await fetch(`${product.emulatorUrl}/api/functions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, data }),
  });
  const { result } = (await res.json()) as { result: { ok: boolean; data: T; error?: unknown } };
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.data;
}
