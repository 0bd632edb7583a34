// @ts-check
'use strict';
// Runs inside a function worker process: loads one cloud function and runs one invocation at a
// time on request from the twin (IPC). Plain CommonJS on purpose: it is forked with bare `node`
// (no TS loader) so workers start fast, and it runs the built functions exactly as CloudBase does.
const util = require('node:util');

const entry = process.argv[2];

/** @param {Record<string, unknown>} msg */
function send(msg) {
  if (process.connected && process.send) process.send(msg);
}

/** @type {string | null} */
let current = null;
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  /** @type {any} */ (console)[level] = (/** @type {unknown[]} */ ...args) =>
    send({ type: 'log', invocationId: current, level: level === 'trace' ? 'debug' : level, text: util.format(...args) });
}

/** @type {any} */
let mod;
/** @type {unknown} */
let loadError;
try {
  mod = require(entry);
} catch (err) {
  loadError = err;
}

/** @type {string[]} */
let lastEnvKeys = [];

/**
 * Supports async mains and callback-style `main(event, context, callback)`.
 * @param {Function} main @param {unknown} event @param {unknown} context
 */
function invokeMain(main, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    /** @param {unknown} err @param {unknown} [res] */
    const done = (err, res) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(res);
    };
    try {
      const r = main(event, context, done);
      if (r && typeof r.then === 'function') r.then((/** @type {unknown} */ v) => done(null, v), done);
      else if (main.length < 3) done(null, r);
    } catch (err) {
      done(err);
    }
  });
}

/** @param {unknown} err */
function describe(err) {
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: typeof err === 'string' ? err : util.inspect(err) };
}

process.on('message', async (/** @type {any} */ msg) => {
  if (!msg || msg.type !== 'invoke') return;
  const { invocationId } = msg;
  current = invocationId;
  for (const key of lastEnvKeys) delete process.env[key];
  Object.assign(process.env, msg.env);
  lastEnvKeys = Object.keys(msg.env);
  try {
    if (loadError) throw loadError;
    const main = mod && typeof mod.main === 'function' ? mod.main : undefined;
    if (!main) throw new Error(`${entry} does not export main(event, context)`);
    const result = await invokeMain(main, msg.event, msg.context);
    let json;
    try {
      json = result === undefined ? undefined : JSON.stringify(result);
    } catch (err) {
      send({ type: 'result', invocationId, ok: false, error: { code: 'FUNCTION_RESULT_INVALID', ...describe(err) } });
      return;
    }
    send({ type: 'result', invocationId, ok: true, json });
  } catch (err) {
    send({ type: 'result', invocationId, ok: false, error: { code: 'FUNCTION_ERROR', ...describe(err) } });
  } finally {
    current = null;
  }
});

// The twin went away (even by SIGKILL): do not linger as an orphan.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', loadError: loadError ? describe(loadError).message : undefined });
