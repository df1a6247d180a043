import { cpSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS_OUT } from '../../lib/paths';

describe('the deployed listCategories bundle', () => {
  it('runs from a folder with no node_modules and refuses a malformed request', async () => {
    // a copy outside the repository, so no node_modules can be found by walking up
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fn-'));
    cpSync(path.join(FUNCTIONS_OUT, 'listCategories'), dir, { recursive: true });
    const fn = createRequire(import.meta.url)(path.join(dir, 'index.js')) as { main: (e: unknown) => Promise<unknown> };
    const result = await fn.main({ unexpected: 1, userInfo: { openId: 'o1', appId: 'wx1' } });
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('unexpected') } });
  });
});
