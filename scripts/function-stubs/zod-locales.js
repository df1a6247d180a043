/**
 * Bundled in place of zod/v4/locales/index.js (scripts/build-lib.ts).
 *
 * zod's `z` namespace re-exports every locale (`z.locales.fr()` ...), so a
 * bundle that imports `z` carries all of them, about 260 KB, although only
 * English is ever configured: zod sets it itself (classic/schemas.js imports
 * locales/en.js directly, not through this index) and our functions never
 * call z.config() with another (a test in scripts/function-bundles.test.ts checks
 * the sources). So `z.locales` holds English only in a bundle.
 */
export { default as en } from 'zod/v4/locales/en.js';
