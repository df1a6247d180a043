/**
 * npm run build [functions|miniprogram]
 *
 * - functions: each cloudfunctions/<name>/index.ts bundled with wx-server-sdk
 *   inside into build/cloudfunctions/<name>/ (index.js, package.json,
 *   config.json): what is deployed, and what the emulator runs.
 * - miniprogram: DevTools' "构建 npm" done for it (miniprogram/miniprogram_npm),
 *   and the mini-program compiled file by file to CommonJS in build/miniprogram
 *   for miniprogram-simulate and the browser preview.
 */
import { buildFunctions, buildMiniprogram } from './build-lib';

const target = process.argv[2] ?? 'all';
if (!['all', 'functions', 'miniprogram'].includes(target)) {
  console.error(`usage: npm run build [functions|miniprogram]  (got "${target}")`);
  process.exit(2);
}
const started = Date.now();
if (target !== 'miniprogram') {
  const built = await buildFunctions();
  for (const f of built) console.log(`  function ${f.name.padEnd(16)} ${(f.bytes / 1024).toFixed(0).padStart(6)} KB`);
  console.log(`built ${built.length} cloud functions into build/cloudfunctions/`);
}
if (target !== 'functions') {
  const files = await buildMiniprogram();
  console.log(`built the mini-program (${files} files) into build/miniprogram/ and miniprogram/miniprogram_npm/`);
}
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
