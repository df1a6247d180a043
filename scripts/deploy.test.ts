/** `npm run deploy -- --dry-run`: the checks, and the dry run itself, with no network. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { cronProblem, planDeploy, planFunction } from './deploy-lib';
import { readiness } from './deploy';
import { ROOT } from '../lib/paths';

beforeAll(async () => {
  // DevTools' 构建 npm, as npm run build does it, if no build has yet (the upload takes miniprogram_npm)
  const npm = path.join(ROOT, 'miniprogram/miniprogram_npm/tdesign-miniprogram');
  if (!existsSync(npm)) await cp(path.join(ROOT, 'node_modules/tdesign-miniprogram/miniprogram_dist'), npm, { recursive: true });
});

describe('deploy checks', () => {
  it('knows a 7-field timer cron from a wrong one', () => {
    expect(cronProblem('0 */5 * * * * *')).toBeNull();
    expect(cronProblem('0 0 2 1 * * *')).toBeNull();
    expect(cronProblem('0 30 9 * * 1-5 *')).toBeNull();
    expect(cronProblem('*/5 * * * *')).toMatch(/7 fields/);
    expect(cronProblem('0 61 * * * * *')).toMatch(/outside 0-59/);
    expect(cronProblem('0 0 25 * * * *')).toMatch(/outside 0-23/);
    expect(cronProblem('0 0 0 * * * $')).toMatch(/not valid/);
  });

  it('refuses a function whose config.json the cloud would refuse, or that is not built', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'deploy-'));
    await mkdir(path.join(dir, 'bad'));
    await writeFile(path.join(dir, 'bad/index.js'), 'exports.main = async () => 1;');
    await writeFile(path.join(dir, 'bad/package.json'), '{}');
    await writeFile(
      path.join(dir, 'bad/config.json'),
      JSON.stringify({ permissions: { openapi: ['subscribeMessage.send'] }, timeout: 120, triggers: [{ name: 't', type: 'timer', config: '*/5 * * * *' }], extra: 1 }),
    );
    const bad = await planFunction('bad', dir);
    expect(bad.problems.join('\n')).toMatch(/timeout/);
    expect(bad.problems.join('\n')).toMatch(/7 fields/);
    expect(bad.problems.join('\n')).toMatch(/extra/);
    expect((await planFunction('missing', dir)).problems).toContain('not built: no index.js');
  });

  it('passes the repository: every function built, configured, and the pay callbacks present; the CLI configuration carries the timers', async () => {
    const plan = await planDeploy({}, { functions: true, miniprogram: true });
    expect(plan.problems).toEqual([]);
    expect(plan.missingEnv).toEqual(['TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'MINIPROGRAM_APPID', 'MINIPROGRAM_PRIVATE_KEY_PATH']);
    expect(plan.functions.map((f) => f.name)).toEqual(expect.arrayContaining(['payCallback', 'refundCallback', 'refundOrder', 'closeExpiredOrders']));
    const rc = plan.cloudbaserc as { functions: { name: string; triggers?: unknown[]; installDependency: boolean }[] };
    expect(rc.functions.find((f) => f.name === 'closeExpiredOrders')).toMatchObject({ installDependency: false, triggers: [{ type: 'timer', config: expect.any(String) }] });
    expect(plan.miniprogram.files).toBeGreaterThan(10);
    expect(plan.miniprogram.bytes).toBeLessThan(2 * 1024 * 1024);
  });

  const dryRun = (args: string[], extraEnv: Record<string, string>) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TCB_ENV|TENCENTCLOUD|MINIPROGRAM_)/.test(k)));
    return promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/deploy.ts', '--dry-run', '--skip-build', ...args], {
      cwd: ROOT,
      env: { ...env, ...extraEnv, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' },
    });
  };

  it('npm run deploy -- --dry-run with no keys and no network: the checks pass, and it says plainly the upload is not ready and why', async () => {
    const { stdout } = await dryRun([], {});
    expect(stdout).toMatch(/refundCallback\s+\d+ KB\s+timeout 20s/);
    expect(stdout).toContain('\nbundles, configs, package size: ok\n');
    expect(stdout).toContain('\nupload: not ready, missing TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY, MINIPROGRAM_APPID, MINIPROGRAM_PRIVATE_KEY_PATH\n');
    expect(stdout).not.toContain('checks passed');
    expect(stdout).toContain('--dry-run: build/cloudbaserc.json written, nothing uploaded');
    expect(JSON.parse(await readFile(path.join(ROOT, 'build/cloudbaserc.json'), 'utf8'))).toMatchObject({ envId: '<TCB_ENV>', functionRoot: './cloudfunctions' });
  }, 60_000);

  it('npm run deploy -- --dry-run with every variable an upload needs: ready', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'deploy-key-'));
    const key = path.join(dir, 'private.wx0.key');
    await writeFile(key, 'not a real key');
    const { stdout } = await dryRun([], {
      TCB_ENV: 'env-dry-1',
      TENCENTCLOUD_SECRETID: 'id',
      TENCENTCLOUD_SECRETKEY: 'secret',
      MINIPROGRAM_APPID: 'wx0',
      MINIPROGRAM_PRIVATE_KEY_PATH: key,
    });
    expect(stdout).toContain('\nbundles, configs, package size: ok\nupload: ready, functions to environment env-dry-1\n');
    expect(stdout).not.toContain('missing');
    // --only names only what it checks, and only the variables that part needs
    const functionsOnly = await dryRun(['--only', 'functions'], { TCB_ENV: 'env-dry-1' });
    expect(functionsOnly.stdout).toContain('\nbundles, configs: ok\nupload: not ready, missing TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY\n');
  }, 60_000);

  it('a plan with a problem is neither ok nor ready', () => {
    const plan = { functions: [], miniprogram: { files: 0, bytes: 0, npmComponents: 0, problems: [] }, missingEnv: ['TCB_ENV'], problems: ['login: not built: no index.js'], cloudbaserc: { envId: '<TCB_ENV>' } };
    expect(readiness(plan, { functions: true, miniprogram: false })).toEqual([
      'bundles, configs: 1 problem(s), see ✗ above',
      'upload: not ready, fix the problem(s) above; also missing TCB_ENV',
    ]);
  });
});
