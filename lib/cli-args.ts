/**
 * The one way the project's commands read their flags (deploy, ops and its
 * subcommands, emulator, console-files, bench, start): node:util parseArgs,
 * strict, with -h/--help added. An unknown flag, a missing value or a stray
 * argument answers the command's usage and exit 2; --help answers the usage
 * and exit 0; both before the command does any work.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

export interface CliSpec<O extends CliOptions> {
  /** what --help and a mistake print: the command line and its options */
  usage: string;
  options: O;
  /** whether the command takes arguments besides flags (default: none) */
  positionals?: boolean;
}

type Parsed<O extends CliOptions> = ReturnType<typeof parseArgs<{ options: O & typeof HELP_OPTION; allowPositionals: true; strict: true }>>;

export type CliResult<O extends CliOptions> =
  | { kind: 'run'; values: Parsed<O>['values']; positionals: string[] }
  /** print `text` (to stdout for help, stderr for a mistake) and end with `code` */
  | { kind: 'exit'; code: 0 | 2; text: string };

/** parseArgs' messages go on to explain `--`; the first sentence is what a person needs. */
function firstSentence(message: string): string {
  const end = message.search(/\.\s/);
  return end === -1 ? message : message.slice(0, end + 1);
}

/** Parses `argv` against `spec` without exiting (ops uses it in-process, tests too). */
export function parseCli<O extends CliOptions>(spec: CliSpec<O>, argv: string[]): CliResult<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec.options, ...HELP_OPTION },
      // positionals always parsed, refused below, so the message can say so plainly
      allowPositionals: true,
      strict: true,
    }) as Parsed<O>;
  } catch (error) {
    const e = error as Error & { code?: string };
    if (!e.code?.startsWith('ERR_PARSE_ARGS_')) throw error;
    return { kind: 'exit', code: 2, text: `${firstSentence(e.message)}\n\n${spec.usage}` };
  }
  if ((parsed.values as { help?: boolean }).help) return { kind: 'exit', code: 0, text: spec.usage };
  if (!spec.positionals && parsed.positionals.length) {
    return { kind: 'exit', code: 2, text: `unexpected argument '${parsed.positionals[0]}': this command takes only flags\n\n${spec.usage}` };
  }
  return { kind: 'run', values: parsed.values, positionals: parsed.positionals };
}

/**
 * For a command's entry point: process.argv's flags, or the usage printed and
 * the process ended (0 for --help, 2 for a mistake).
 */
export function cliArgs<O extends CliOptions>(spec: CliSpec<O>, argv = process.argv.slice(2)): { values: Parsed<O>['values']; positionals: string[] } {
  const result = parseCli(spec, argv);
  if (result.kind === 'run') return result;
  if (result.code === 0) console.log(result.text);
  else console.error(result.text);
  process.exit(result.code);
}
