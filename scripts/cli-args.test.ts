/** Every command answers a flag it does not know with its usage and exit 2, and --help with its usage and exit 0, before doing any work. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../lib/cli-args';
import { ROOT } from '../lib/paths';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** tsx on a command's entry; killed after 20 s, which fails the test (a command that began its work would not exit). */
function run(entry: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(path.join(ROOT, 'node_modules/.bin/tsx'), [entry, ...args], {
      cwd: ROOT,
      timeout: 20_000,
      // a free port and a data folder of its own, in case a command did start (it must not)
      env: { ...process.env, PORT: '0', EMULATOR_PORT: '0', CLOUD_DATA_DIR: path.join(ROOT, 'build/.cli-args-test-data') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const COMMANDS: { name: string; entry: string; args?: string[]; usage: string }[] = [
  { name: 'deploy', entry: 'scripts/deploy.ts', usage: 'npm run deploy -- [--dry-run]' },
  { name: 'ops seed', entry: 'scripts/ops/main.ts', args: ['seed'], usage: 'npm run ops -- seed' },
  { name: 'ops grant', entry: 'scripts/ops/main.ts', args: ['grant'], usage: 'npm run ops -- grant' },
  { name: 'emulator', entry: 'emulator/main.ts', usage: 'npm run emulator' },
  { name: 'console-files', entry: 'scripts/console-files.ts', usage: 'npm run console-files -- --env' },
  { name: 'bench', entry: 'scripts/bench.ts', usage: 'npm run bench' },
  { name: 'start', entry: 'scripts/start.ts', usage: 'npm start' },
];

describe('every command answers flags properly', () => {
  for (const command of COMMANDS) {
    it(`${command.name}: --bogus is usage and exit 2; --help is usage and exit 0`, async () => {
      const [bogus, help] = await Promise.all([run(command.entry, [...(command.args ?? []), '--bogus']), run(command.entry, [...(command.args ?? []), '--help'])]);
      expect(bogus.code).toBe(2);
      expect(bogus.stderr).toContain("Unknown option '--bogus'");
      expect(bogus.stderr).toContain(command.usage);
      // the message and usage, not a Node stack
      expect(bogus.stderr).not.toMatch(/\n\s+at /);
      expect(bogus.stdout).toBe('');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(command.usage);
      expect(help.stderr).toBe('');
    }, 45_000);
  }

  it('ops: an unknown command or flag in place of one is the overview and exit 2; --help is exit 0', async () => {
    const [bogus, help] = await Promise.all([run('scripts/ops/main.ts', ['--bogus']), run('scripts/ops/main.ts', ['--help'])]);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('unknown command --bogus');
    expect(bogus.stderr).toContain('npm run ops -- <command>');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run ops -- <command>');
  }, 45_000);
});

describe('parseCli', () => {
  const spec = { usage: 'usage: x [--n <v>] [--yes]', options: { n: { type: 'string' }, yes: { type: 'boolean', default: false } } } as const;

  it('gives the values it was given, the defaults otherwise', () => {
    expect(parseCli(spec, ['--n', '3'])).toEqual({ kind: 'run', values: { n: '3', yes: false, help: false }, positionals: [] });
    expect(parseCli(spec, ['--yes', '-h'])).toEqual({ kind: 'exit', code: 0, text: spec.usage });
  });

  it('refuses a missing value, an unknown flag and a stray argument with one sentence and the usage', () => {
    expect(parseCli(spec, ['--n'])).toEqual({ kind: 'exit', code: 2, text: `Option '--n <value>' argument missing\n\n${spec.usage}` });
    const unknown = parseCli(spec, ['--bogus=1']);
    expect(unknown).toMatchObject({ kind: 'exit', code: 2 });
    expect(unknown.kind === 'exit' && unknown.text.split('\n')[0]).toBe("Unknown option '--bogus'.");
    expect(parseCli(spec, ['extra'])).toEqual({ kind: 'exit', code: 2, text: `unexpected argument 'extra': this command takes only flags\n\n${spec.usage}` });
    expect(parseCli({ ...spec, positionals: true }, ['extra'])).toMatchObject({ kind: 'run', positionals: ['extra'] });
  });
});
