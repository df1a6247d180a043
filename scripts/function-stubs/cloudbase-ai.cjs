/**
 * Bundled in place of @cloudbase/node-sdk/dist/ai/index.js (scripts/build-lib.ts).
 *
 * The real module is required when the SDK loads, but its only export,
 * createAI, runs only when a function calls cloud.ai() (wx-server-sdk's
 * `ai` API → tcbInstance.ai()). None of ours does (a test in
 * scripts/function-bundles.test.ts checks the sources), and the module drags in
 * @cloudbase/ai, @cloudbase/app with its mini-program adapter and a
 * web-streams polyfill: about 290 KB of every bundle. Should a function ever
 * call cloud.ai(), it gets this error rather than a silent failure.
 */
'use strict';
module.exports.createAI = function createAI() {
  throw new Error('cloud.ai() is not in this bundle: scripts/build-lib.ts stubs out @cloudbase/node-sdk/dist/ai (see scripts/function-stubs/cloudbase-ai.cjs)');
};
