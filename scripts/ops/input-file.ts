/**
 * An operator's JSON file of one item or an array of them (`--create
 * <file.json>`), checked here with the operator function's own zod schema,
 * so a mistake is named line by line before anything is sent.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError } from './tcb';

export type Checked<T> = { ok: true; items: T[] } | { ok: false; problems: string[] };

export async function readInputFile<S extends z.ZodType>(file: string, schema: S, what: string): Promise<Checked<z.input<S>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(json) ? json : [json];
  if (list.length === 0) throw new UsageError(`${file} holds no ${what}`);
  const problems: string[] = [];
  list.forEach((raw, i) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return;
    const name = (raw as { id?: unknown } | null)?.id;
    for (const issue of parsed.error.issues) problems.push(`${what} ${i + 1}${typeof name === 'string' ? ` (${name})` : ''}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  });
  // the input as written, not parsed: the function applies the defaults itself
  return problems.length ? { ok: false, problems } : { ok: true, items: list as z.input<S>[] };
}
