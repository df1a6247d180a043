/**
 * npm run deploy [-- --dry-run] [--only functions|miniprogram] [--version x.y.z] [--desc "..."]
 *
 * Builds, checks (bundle sizes, config.json triggers and permissions, the
 * mini-program's package size, the environment), then uploads with the
 * official tools: the functions with the CloudBase CLI (`tcb fn deploy`,
 * from build/cloudbaserc.json), the mini-program with miniprogram-ci. Both
 * are run through `npx --yes` at pinned versions, so they are not
 * dependencies of the repository. Environment id and keys come from the
 * environment only: TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY,
 * MINIPROGRAM_APPID, MINIPROGRAM_PRIVATE_KEY_PATH.
 *
 * --dry-run does everything but the upload, with no network: missing
 * variables are reported, not fatal; a failed check is.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFunctions, buildMiniprogram } from './build-lib';
import { CLOUDBASE_CLI, kb, MINIPROGRAM_CI, planDeploy, type DeployPlan } from './deploy-lib';
import { cliArgs } from '../lib/cli-args';
import { ROOT } from '../lib/paths';

const HELP = `npm run deploy -- [--dry-run] [--only functions|miniprogram] [--version x.y.z] [--desc "..."]

Uploads the bundled cloud functions (CloudBase CLI) and the mini-program (miniprogram-ci).
  --dry-run          check everything and print what would be sent; no upload, no network
  --only <what>      functions or miniprogram
  --version <v>      the mini-program's version (default: package.json's)
  --desc <text>      the mini-program upload's description
  --skip-build       use build/ as it is
  -h, --help         this help
Environment: TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (functions);
             MINIPROGRAM_APPID, MINIPROGRAM_PRIVATE_KEY_PATH (mini-program upload key, 微信公众平台 → 开发管理 → 小程序代码上传).`;

function run(command: string, args: string[], options: { cwd: string; secrets: string[] }): Promise<void> {
  const shown = [command, ...args].map((a) => (options.secrets.includes(a) ? '***' : a)).join(' ');
  console.log(`$ ${shown}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: 'inherit', env: process.env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${shown} exited with ${code}`))));
  });
}

export function describePlan(plan: DeployPlan): string[] {
  const lines: string[] = [];
  if (plan.functions.length) {
    lines.push(`cloud functions (${plan.functions.length}), with ${CLOUDBASE_CLI} \`tcb fn deploy --all --force\` from build/cloudbaserc.json:`);
    for (const f of plan.functions) {
      const triggers = f.config?.triggers?.map((t) => `timer ${t.name} "${t.config}"`).join(', ');
      lines.push(`  ${f.name.padEnd(22)} ${kb(f.bytes).padStart(8)}  timeout ${f.config?.timeout ?? 5}s${triggers ? `  ${triggers}` : ''}${f.problems.length ? '  ✗' : ''}`);
      for (const w of f.warnings) lines.push(`    warning: ${w}`);
    }
  }
  if (plan.miniprogram.files) {
    lines.push(
      `mini-program, with ${MINIPROGRAM_CI} upload: about ${kb(plan.miniprogram.bytes)} in ${plan.miniprogram.files} files ` +
        `(${plan.miniprogram.npmComponents} TDesign components used), main package limit 2048 KB`,
    );
  }
  // missing variables are said once, by readiness()
  for (const p of plan.problems) lines.push(`✗ ${p}`);
  return lines;
}

/**
 * What is ready and what is not, in two lines: the checks of what would be
 * sent, and whether an upload could start (every variable it needs set).
 * A dry run with no keys passes its checks but is not ready to upload; it
 * says so rather than just "checks passed".
 */
export function readiness(plan: DeployPlan, scope: { functions: boolean; miniprogram: boolean }): string[] {
  const checked = [...(scope.functions ? ['bundles', 'configs'] : []), ...(scope.miniprogram ? ['package size'] : [])].join(', ');
  const checks = plan.problems.length ? `${checked}: ${plan.problems.length} problem(s), see ✗ above` : `${checked}: ok`;
  let upload: string;
  if (plan.problems.length) upload = `upload: not ready, fix the problem(s) above${plan.missingEnv.length ? `; also missing ${plan.missingEnv.join(', ')}` : ''}`;
  else if (plan.missingEnv.length) upload = `upload: not ready, missing ${plan.missingEnv.join(', ')}`;
  else upload = `upload: ready${scope.functions ? `, functions to environment ${(plan.cloudbaserc as { envId?: string }).envId}` : ''}`;
  return [checks, upload];
}

async function main(): Promise<number> {
  const { values } = cliArgs({
    usage: HELP,
    options: {
      'dry-run': { type: 'boolean', default: false },
      only: { type: 'string' },
      version: { type: 'string' },
      desc: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  if (values.only !== undefined && !['functions', 'miniprogram'].includes(values.only)) {
    console.error(`--only functions or --only miniprogram, not ${values.only}\n\n${HELP}`);
    return 2;
  }
  const scope = { functions: values.only !== 'miniprogram', miniprogram: values.only !== 'functions' };
  const dryRun = values['dry-run'];
  if (!values['skip-build']) {
    if (scope.functions) await buildFunctions();
    // DevTools' 构建 npm: miniprogram_npm is what the upload takes
    if (scope.miniprogram) await buildMiniprogram();
  }
  const plan = await planDeploy(process.env, scope);
  await mkdir(path.join(ROOT, 'build'), { recursive: true });
  await writeFile(path.join(ROOT, 'build/cloudbaserc.json'), JSON.stringify(plan.cloudbaserc, null, 2) + '\n');
  console.log(describePlan(plan).join('\n'));
  console.log(`\n${readiness(plan, scope).join('\n')}`);
  if (plan.problems.length) {
    console.error(`\n${plan.problems.length} problem(s): nothing ${dryRun ? 'would be' : 'was'} uploaded`);
    return 1;
  }
  if (dryRun) {
    console.log('--dry-run: build/cloudbaserc.json written, nothing uploaded');
    return 0;
  }
  if (plan.missingEnv.length) {
    console.error(`\nset ${plan.missingEnv.join(', ')} to upload`);
    return 1;
  }
  const env = process.env;
  if (scope.functions) {
    const secrets = [env.TENCENTCLOUD_SECRETID!, env.TENCENTCLOUD_SECRETKEY!];
    const cwd = path.join(ROOT, 'build');
    await run('npx', ['--yes', CLOUDBASE_CLI, 'login', '--apiKeyId', secrets[0]!, '--apiKey', secrets[1]!], { cwd, secrets });
    await run('npx', ['--yes', CLOUDBASE_CLI, 'fn', 'deploy', '--all', '--force', '-e', env.TCB_ENV!], { cwd, secrets });
  }
  if (scope.miniprogram) {
    const version = values.version ?? (JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))) as { version: string }).version;
    await run(
      'npx',
      [
        '--yes', '-p', MINIPROGRAM_CI, 'miniprogram-ci', 'upload',
        '--pp', ROOT, '--pkp', env.MINIPROGRAM_PRIVATE_KEY_PATH!, '--appid', env.MINIPROGRAM_APPID!,
        '--uv', version, '--ud', values.desc ?? `deploy ${version}`, '-r', '1', '--enable-es6', 'true',
      ],
      { cwd: ROOT, secrets: [] },
    );
  }
  console.log('deployed');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'scripts/deploy.ts')) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
