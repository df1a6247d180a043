import { parseCli, type CliOptions } from '../../lib/cli-args';
import { connect, type Target, UsageError } from './tcb';

export interface Io {
  /** results, to stdout */
  out(text: string): void;
  /** progress and problems, to stderr */
  err(text: string): void;
}

type Options = CliOptions;

export interface Command {
  name: string;
  summary: string;
  /** the arguments after the command's name, for --help */
  usage: string;
  /** more lines for --help */
  details?: string[];
  options: Options;
  /** whether it talks to a cloud (every command but none so far) */
  run(context: CommandContext): Promise<number>;
}

export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: Io;
  target(): Target;
}

/** Options every command takes (and -h/--help, which parseCli adds). */
export const COMMON_OPTIONS: Options = {
  local: { type: 'boolean', default: false },
  url: { type: 'string' },
  env: { type: 'string' },
};

const COMMON_HELP = [
  '  --local          the local emulator (URL from --url, EMULATOR_URL, or http://127.0.0.1:9090)',
  '  --url <url>      the emulator URL, with --local',
  '  --env <id>       the environment id (default TCB_ENV; local-dev with --local)',
  '  -h, --help       this help',
  'Without --local: a real environment, from TCB_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY.',
];

export function helpOf(command: Command): string {
  return [`npm run ops -- ${command.name} ${command.usage}`.trimEnd(), '', command.summary, ...(command.details ?? []), '', 'Options:', ...COMMON_HELP].join('\n');
}

export async function runCommand(command: Command, argv: string[], io: Io, environment: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCli({ usage: helpOf(command), options: { ...COMMON_OPTIONS, ...command.options }, positionals: true }, argv);
  if (parsed.kind === 'exit') {
    if (parsed.code === 0) io.out(parsed.text);
    else io.err(parsed.text);
    return parsed.code;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  let target: Target | undefined;
  try {
    return await command.run({
      values,
      positionals: parsed.positionals,
      io,
      target: () => (target ??= connect({ local: values.local === true, url: values.url as string | undefined, env: values.env as string | undefined }, environment)),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${helpOf(command)}`);
      return 2;
    }
    io.err(`${command.name} failed: ${(error as Error).message ?? error}`);
    return 1;
  }
}

export function requireValue(values: CommandContext['values'], name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}
