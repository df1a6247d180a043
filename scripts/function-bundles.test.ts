/**
 * The deployed bundles (build/cloudfunctions, built by the global setup): each
 * within its size budget, its source map beside it, and the modules
 * scripts/build-lib.ts stubs out really out, and really never reached by our code.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_STUBS, functionNames } from './build-lib';
import { FUNCTION_BUNDLE_BUDGET } from './deploy-lib';
import { FUNCTIONS_OUT, ROOT } from '../lib/paths';
import { installedTree } from './sdk-install';

const names = await functionNames();
const inputsOf = async (name: string) => Object.keys(JSON.parse(await readFile(path.join(FUNCTIONS_OUT, name, '.inputs.json'), 'utf8')) as Record<string, unknown>);

describe('function bundles', () => {
  it('finds the functions', () => {
    expect(names).toEqual(expect.arrayContaining(['login', 'payCallback', 'refundCallback', 'createOrder']));
  });

  it.each(names)('%s: index.js within 1.5 MB, its source map beside it', async (name) => {
    const js = path.join(FUNCTIONS_OUT, name, 'index.js');
    const { size } = await stat(js);
    expect(size, `${name}/index.js is ${(size / 1024).toFixed(0)} KB`).toBeLessThanOrEqual(FUNCTION_BUNDLE_BUDGET);
    const code = await readFile(js, 'utf8');
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
    expect(code).not.toContain('sourceMappingURL=data:');
    const map = JSON.parse(await readFile(path.join(FUNCTIONS_OUT, name, 'index.js.map'), 'utf8')) as { version: number; sources: string[]; mappings: string };
    expect(map.version).toBe(3);
    expect(map.sources.map((s) => path.resolve(FUNCTIONS_OUT, name, s))).toContain(path.join(ROOT, 'cloudfunctions', name, 'index.ts'));
    expect(map.mappings.length).toBeGreaterThan(1000);
  });

  it.each(names)('%s: the stubbed modules are out of the bundle and none of our files reaches for them', async (name) => {
    const inputs = await inputsOf(name);
    for (const { stub } of FUNCTION_STUBS) expect(inputs).toContain(stub);
    expect(inputs.filter((f) => /node_modules\/(zod\/v4\/locales\/(?!en\.js)|@cloudbase\/ai\/|web-streams-polyfill\/)/.test(f))).toEqual([]);
    // what the stubs stand for is reached only through cloud.ai() and zod's locales / z.config()
    // (the stamp also lists scripts/build-lib.ts and the stubs, which are not in the bundle)
    const own = inputs.filter((f) => !f.includes('/node_modules/') && !f.startsWith(path.join(ROOT, 'scripts') + path.sep) && f.endsWith('.ts'));
    expect(own.length).toBeGreaterThan(3);
    for (const file of own) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(/\.ai\s*\(|\bai\s*:\s*\(|\blocales\b|\bconfig\s*\(\s*z\.|\bz\.config\s*\(/);
    }
  });

  it('a function that called cloud.ai() would get a clear error from the stub', () => {
    const stub = FUNCTION_STUBS.find((s) => s.stub.endsWith('cloudbase-ai.cjs'))!.stub;
    const { createAI } = createRequire(import.meta.url)(stub) as { createAI: () => unknown };
    expect(() => createAI()).toThrow(/cloud\.ai\(\) is not in this bundle/);
  });

  it('the plain wx-server-sdk install a bundle replaces is many times its size', async () => {
    const tree = await installedTree('wx-server-sdk');
    expect(tree.packages).toEqual(expect.arrayContaining(['node_modules/wx-server-sdk', 'node_modules/@cloudbase/node-sdk', 'node_modules/protobufjs']));
    expect(existsSync(path.join(ROOT, tree.packages[0]!, 'package.json'))).toBe(true);
    const largest = Math.max(...(await Promise.all(names.map(async (n) => (await stat(path.join(FUNCTIONS_OUT, n, 'index.js'))).size))));
    expect(tree.bytes).toBeGreaterThan(5 * largest);
    await expect(installedTree('no-such-package-here')).rejects.toThrow(/not installed/);
  });
});
