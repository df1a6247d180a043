/**
 * What `npm run deploy` sends, and the checks before it: each bundled
 * function with its config.json (permissions, timer triggers, timeout), the
 * CloudBase CLI configuration made from them, the mini-program's package
 * size, and the environment variables a real upload needs.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { functionNames } from './build-lib';
import { FUNCTIONS_OUT, ROOT } from '../lib/paths';
import { walk } from '../lib/files';

/** The functions WeChat Pay notifies (shared/payment/cloudpay.ts names them; that module loads the SDK, so not imported here). */
export const PAY_NOTIFIED_FUNCTIONS = ['payCallback', 'refundCallback'];

/** The official tools, fetched by npx at deploy time (not dependencies of the repository). */
export const CLOUDBASE_CLI = '@cloudbase/cli@2.12.10';
export const MINIPROGRAM_CI = 'miniprogram-ci@2.1.42';
/** the Node.js runtime the bundles target (esbuild `node16`) */
export const FUNCTION_RUNTIME = 'Nodejs16.13';

/**
 * The budget of one function's index.js (scripts/function-bundles.test.ts holds
 * every bundle to it): above it a cold start loads noticeably more; above the
 * hard limit we refuse.
 */
export const FUNCTION_BUNDLE_BUDGET = 1.5 * 1024 * 1024;
export const BUNDLE_WARN_BYTES = FUNCTION_BUNDLE_BUDGET;
export const BUNDLE_MAX_BYTES = 10 * 1024 * 1024;
/** WeChat: the main package at most 2 MB; all packages together at most 30 MB (no subpackages here). */
export const MAIN_PACKAGE_MAX_BYTES = 2 * 1024 * 1024;

export const FUNCTION_ENV_VARS = ['TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'] as const;
export const MINIPROGRAM_ENV_VARS = ['MINIPROGRAM_APPID', 'MINIPROGRAM_PRIVATE_KEY_PATH'] as const;

/** A field of a 7-field cloud-function cron: second minute hour day month week year. */
const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?(\/\d+)?|\*\/\d+)(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?(\/\d+)?))*$/;
const CRON_RANGES: [number, number][] = [[0, 59], [0, 59], [0, 23], [1, 31], [1, 12], [0, 6], [1970, 2099]];

export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 7) return `a timer's cron has 7 fields (second minute hour day month week year), not ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    if (!CRON_FIELD.test(field)) return `cron field ${i + 1} "${field}" is not valid`;
    for (const n of field.match(/\d+/g) ?? []) {
      const [min, max] = CRON_RANGES[i]!;
      // a step (*/5) may be any positive number; values must be in range
      if (!field.includes(`/${n}`) && (Number(n) < min || Number(n) > max)) return `cron field ${i + 1} "${field}": ${n} is outside ${min}-${max}`;
    }
  }
  return null;
}

export const functionConfigSchema = z
  .object({
    permissions: z.object({ openapi: z.array(z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z]+)+$/, 'an openapi name like subscribeMessage.send')) }).strict(),
    triggers: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,59}$/),
            type: z.literal('timer'),
            config: z.string().superRefine((value, ctx) => {
              const problem = cronProblem(value);
              if (problem) ctx.addIssue({ code: 'custom', message: problem });
            }),
          })
          .strict(),
      )
      .optional(),
    /** seconds, 1-60 as the CLI configures it (default 5) */
    timeout: z.number().int().min(1).max(60).optional(),
    memorySize: z.union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048)]).optional(),
    /**
     * the project's own key (the emulator enforces it; WeChat's tools ignore it and it stays out of
     * cloudbaserc): this function's entry of the console's function security rules
     */
    securityRule: z.object({ invoke: z.union([z.boolean(), z.literal('auth != null')]) }).strict().optional(),
  })
  .strict();
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export interface FunctionPlan {
  name: string;
  bytes: number;
  config: FunctionConfig | null;
  problems: string[];
  warnings: string[];
}

export interface MiniprogramPlan {
  files: number;
  bytes: number;
  npmComponents: number;
  problems: string[];
}

export interface DeployPlan {
  functions: FunctionPlan[];
  miniprogram: MiniprogramPlan;
  missingEnv: string[];
  problems: string[];
  /** build/cloudbaserc.json, as the CloudBase CLI reads it */
  cloudbaserc: object;
}

export async function planFunction(name: string, outDir = FUNCTIONS_OUT): Promise<FunctionPlan> {
  const dir = path.join(outDir, name);
  const problems: string[] = [];
  const warnings: string[] = [];
  let bytes = 0;
  if (!existsSync(path.join(dir, 'index.js'))) problems.push('not built: no index.js');
  else bytes = (await stat(path.join(dir, 'index.js'))).size;
  if (!existsSync(path.join(dir, 'package.json'))) problems.push('no package.json');
  if (bytes > BUNDLE_MAX_BYTES) problems.push(`bundle ${kb(bytes)} is above ${kb(BUNDLE_MAX_BYTES)}`);
  else if (bytes > BUNDLE_WARN_BYTES) warnings.push(`bundle ${kb(bytes)} is above ${kb(BUNDLE_WARN_BYTES)}: slower cold starts`);
  let config: FunctionConfig | null = null;
  try {
    const parsed = functionConfigSchema.safeParse(JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')));
    if (parsed.success) config = parsed.data;
    else problems.push(...parsed.error.issues.map((i) => `config.json ${i.path.join('.')}: ${i.message}`));
  } catch (error) {
    problems.push(`config.json: ${(error as Error).message}`);
  }
  return { name, bytes, config, problems, warnings };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;


interface PackIgnore {
  type: string;
  value: string;
}

/**
 * The mini-program's upload, estimated as DevTools packs it: our files less
 * packOptions.ignore, and of miniprogram_npm only the components reachable
 * from a usingComponents (ignoreUploadUnusedFiles), with their shared folders.
 */
export async function planMiniprogram(root = ROOT): Promise<MiniprogramPlan> {
  const project = JSON.parse(await readFile(path.join(root, 'project.config.json'), 'utf8')) as { miniprogramRoot?: string; packOptions?: { ignore?: PackIgnore[] } };
  const src = path.join(root, project.miniprogramRoot ?? 'miniprogram');
  const ignores = project.packOptions?.ignore ?? [];
  const ignored = (rel: string) =>
    ignores.some((i) => (i.type === 'suffix' && rel.endsWith(i.value)) || (i.type === 'file' && rel === i.value) || (i.type === 'folder' && rel.startsWith(`${i.value}/`)));
  const problems: string[] = [];
  const own = (await walk(src)).filter((f) => {
    const rel = path.relative(src, f).split(path.sep).join('/');
    return !rel.startsWith('miniprogram_npm/') && !ignored(rel);
  });

  const npmRoot = path.join(src, 'miniprogram_npm');
  const componentDirs = new Set<string>();
  const queue: { from: string; ref: string }[] = [];
  const enqueueUsing = async (jsonFile: string) => {
    try {
      const using = (JSON.parse(await readFile(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
      for (const ref of Object.values(using)) queue.push({ from: path.dirname(jsonFile), ref });
    } catch {
      /* not a page's json */
    }
  };
  for (const f of own.filter((f) => f.endsWith('.json'))) await enqueueUsing(f);
  while (queue.length) {
    const { from, ref } = queue.shift()!;
    let target: string;
    if (ref.startsWith('.')) target = path.resolve(from, ref);
    else if (ref.startsWith('/miniprogram_npm/')) target = path.join(src, ref);
    else if (ref.startsWith('/')) continue;
    else target = path.join(npmRoot, ref);
    if (!target.startsWith(npmRoot)) continue;
    const dir = path.dirname(target);
    if (componentDirs.has(dir)) continue;
    if (!existsSync(dir)) {
      problems.push(`component ${ref} is not built: run npm run build (DevTools' 构建 npm)`);
      continue;
    }
    componentDirs.add(dir);
    for (const f of (await walk(dir)).filter((f) => f.endsWith('.json'))) await enqueueUsing(f);
  }
  const shared = new Set<string>();
  for (const dir of componentDirs) {
    const pkgRoot = path.join(npmRoot, path.relative(npmRoot, dir).split(path.sep)[0]!);
    for (const name of ['common', 'mixins', 'behaviors', 'miniprogram_npm']) if (existsSync(path.join(pkgRoot, name))) shared.add(path.join(pkgRoot, name));
  }
  const npmFiles = new Set<string>();
  for (const dir of [...componentDirs, ...shared]) for (const f of await walk(dir)) if (!f.endsWith('.d.ts')) npmFiles.add(f);
  const files = [...own, ...npmFiles];
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  if (bytes > MAIN_PACKAGE_MAX_BYTES) problems.push(`main package about ${kb(bytes)}, above WeChat's ${kb(MAIN_PACKAGE_MAX_BYTES)}: move pages to subpackages`);
  return { files: files.length, bytes, npmComponents: componentDirs.size, problems };
}

export function cloudbaserc(envId: string, functions: FunctionPlan[]): object {
  return {
    version: '2.0',
    envId,
    functionRoot: './cloudfunctions',
    functions: functions.map((f) => ({
      name: f.name,
      timeout: f.config?.timeout ?? 5,
      ...(f.config?.memorySize ? { memorySize: f.config.memorySize } : {}),
      runtime: FUNCTION_RUNTIME,
      handler: 'index.main',
      // the bundle holds every dependency: nothing to install in the cloud
      installDependency: false,
      ...(f.config?.triggers?.length ? { triggers: f.config.triggers } : {}),
    })),
  };
}

export async function planDeploy(environment: NodeJS.ProcessEnv, options: { functions: boolean; miniprogram: boolean }): Promise<DeployPlan> {
  const names = await functionNames();
  const functions = options.functions ? await Promise.all(names.map((n) => planFunction(n))) : [];
  const problems: string[] = [];
  if (options.functions) {
    for (const callback of PAY_NOTIFIED_FUNCTIONS) {
      if (!names.includes(callback)) problems.push(`WeChat Pay notifies ${callback}, which is not among the functions`);
    }
  }
  const miniprogram = options.miniprogram ? await planMiniprogram() : { files: 0, bytes: 0, npmComponents: 0, problems: [] };
  const needed = [...(options.functions ? FUNCTION_ENV_VARS : []), ...(options.miniprogram ? MINIPROGRAM_ENV_VARS : [])];
  const missingEnv = needed.filter((name) => !environment[name]);
  if (options.miniprogram && environment.MINIPROGRAM_PRIVATE_KEY_PATH && !existsSync(environment.MINIPROGRAM_PRIVATE_KEY_PATH)) {
    problems.push(`MINIPROGRAM_PRIVATE_KEY_PATH: no file ${environment.MINIPROGRAM_PRIVATE_KEY_PATH}`);
  }
  return {
    functions,
    miniprogram,
    missingEnv,
    problems: [...problems, ...functions.flatMap((f) => f.problems.map((p) => `${f.name}: ${p}`)), ...miniprogram.problems],
    cloudbaserc: cloudbaserc(environment.TCB_ENV ?? '<TCB_ENV>', functions),
  };
}
