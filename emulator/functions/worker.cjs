/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: a worker thread loads it without a TypeScript loader */
/* global __filename */
/**
 * One warm cloud-function instance, as SCF runs it: the bundle is loaded once
 * (module state persists between invocations), one invocation at a time, and
 * each invocation's identity is written into process.env before `main` runs,
 * because wx-server-sdk's getWXContext() reads it from there.
 * Plain CommonJS so that a worker thread runs it without a TypeScript loader.
 */
const { parentPort, workerData } = require('node:worker_threads');

let handler;
let perInvocationKeys = [];

/** The stack as the function's author reads it: without this runner's own frames. */
function userStack(error) {
  const stack = error.stack || String(error);
  return stack
    .split('\n')
    .filter((line) => !line.includes(__filename) && !line.includes('node:internal'))
    .join('\n');
}

function describeError(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: userStack(error) };
  let text;
  try {
    text = typeof error === 'string' ? error : JSON.stringify(error);
  } catch {
    text = String(error);
  }
  return { name: 'Error', message: text, stack: text };
}

function load() {
  try {
    const exported = require(workerData.bundle);
    if (typeof exported.main !== 'function') throw new Error(`${workerData.bundle} exports no main function`);
    handler = exported.main;
    parentPort.postMessage({ type: 'ready' });
  } catch (error) {
    parentPort.postMessage({ type: 'load-failed', error: describeError(error) });
  }
}

async function invoke({ id, env, event, context }) {
  for (const key of perInvocationKeys) delete process.env[key];
  perInvocationKeys = Object.keys(env);
  Object.assign(process.env, env);
  try {
    const result = await handler(event, context);
    // JSON is what travels back to the caller in the cloud too.
    const json = result === undefined ? undefined : JSON.stringify(result);
    parentPort.postMessage({ type: 'result', id, ok: true, json });
  } catch (error) {
    parentPort.postMessage({ type: 'result', id, ok: false, error: describeError(error) });
  }
}

parentPort.on('message', (message) => {
  if (message.type === 'invoke') void invoke(message);
});

load();
