/**
 * A deployed function's `config.json`, as the emulator reads it: WeChat's own
 * keys (`timeout`, `triggers`, `permissions`) and one of the project's,
 * `securityRule`, which WeChat's tools ignore.
 *
 *   { "timeout": 20, "triggers": [{ "name": "t", "type": "timer", "config": "0 0 2 1 * * *" }],
 *     "securityRule": { "invoke": false } }
 *
 * `securityRule` is this function's entry of the environment's function
 * security rules (云开发控制台 → 云函数 → 权限控制, `{"<name>": {"invoke": false}}`),
 * kept beside the function so that the emulator enforces it; the console's
 * rules must say the same when deploying.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** WeChat's default for a cloud function without a configured timeout. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
/** The most the console and config.json allow. */
export const MAX_TIMEOUT_SECONDS = 60;

export interface TriggerConfig {
  name: string;
  type: string;
  config: string;
}

/** true, false or "auth != null", as the console's function security rules take them */
export type InvokeRule = boolean | 'auth != null';

export interface FunctionConfig {
  timeoutSeconds: number;
  triggers: TriggerConfig[];
  /** undefined: no rule of its own (the environment's default applies, not emulated) */
  invoke?: InvokeRule;
  /** what could not be understood, in words */
  problems: string[];
}

export async function readFunctionConfig(dir: string): Promise<FunctionConfig> {
  const result: FunctionConfig = { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, triggers: [], problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') result.problems.push(`config.json is not JSON: ${(error as Error).message}`);
    return result;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    result.problems.push('config.json is not a JSON object');
    return result;
  }
  const config = raw as Record<string, unknown>;

  const timeout = Number(config.timeout);
  if (config.timeout !== undefined && Number.isFinite(timeout) && timeout > 0) result.timeoutSeconds = Math.min(timeout, MAX_TIMEOUT_SECONDS);

  if (config.triggers !== undefined) {
    if (!Array.isArray(config.triggers)) result.problems.push('"triggers" is not an array');
    else {
      for (const [i, trigger] of config.triggers.entries()) {
        const t = (trigger ?? {}) as Record<string, unknown>;
        if (typeof t.name !== 'string' || typeof t.type !== 'string' || typeof t.config !== 'string') {
          result.problems.push(`triggers[${i}] needs string "name", "type" and "config"`);
          continue;
        }
        result.triggers.push({ name: t.name, type: t.type, config: t.config });
      }
    }
  }

  if (config.securityRule !== undefined) {
    const rule = config.securityRule as { invoke?: unknown } | null;
    const invoke = rule && typeof rule === 'object' ? rule.invoke : undefined;
    if (invoke === true || invoke === false) result.invoke = invoke;
    else if (typeof invoke === 'string' && invoke.replace(/\s+/g, '') === 'auth!=null') result.invoke = 'auth != null';
    else result.problems.push('"securityRule" must be {"invoke": true | false | "auth != null"}');
  }
  return result;
}
