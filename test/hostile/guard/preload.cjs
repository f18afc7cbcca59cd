'use strict';
/**
 * A guard loaded into the archreview CLI under test (NODE_OPTIONS=--require <this file>).
 * It records, in the JSON-lines file ARCHREVIEW_GUARD_LOG, and refuses (throws):
 *
 * - a require() or import of any file under ARCHREVIEW_GUARD_ROOT (the analyzed folder)
 *   (CommonJS through Module._load and Module.prototype._compile, ES modules through a
 *   resolve/load hook registered with module.register, native addons through process.dlopen);
 * - any child process, except git run the way archreview runs it: execFile/spawn without a
 *   shell, hooks and fsmonitor disabled on the command line, and a read-only subcommand;
 * - any network use: sockets (net, tls, http, https, http2, dgram), DNS look-ups, fetch,
 *   and listening on a port;
 * - opening, reading or listing anything under a folder of ARCHREVIEW_GUARD_FORBID (real
 *   paths, separated by the path delimiter): the "secrets" a symlink or a ../ path points at.
 *
 * On exit it records the peak resident memory. With ARCHREVIEW_GUARD_SHUFFLE=<seed>, folder
 * listings come back in a shuffled order, so a test can show the output does not depend on
 * the file system's directory order. Only the test suite loads this file.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { pathToFileURL, fileURLToPath } = require('node:url');

const LOG = process.env.ARCHREVIEW_GUARD_LOG;
if (!LOG) return;
const realpath = fs.realpathSync.native;
const appendFileSync = fs.appendFileSync;
const existsSync = fs.existsSync;

function real(p) {
  try {
    return realpath(p);
  } catch {
    return path.resolve(p);
  }
}

const ROOT = process.env.ARCHREVIEW_GUARD_ROOT ? real(process.env.ARCHREVIEW_GUARD_ROOT) : null;
const FORBID = (process.env.ARCHREVIEW_GUARD_FORBID || '').split(path.delimiter).filter(Boolean).map(real);

function record(kind, detail) {
  appendFileSync(LOG, `${JSON.stringify({ kind, detail: String(detail).slice(0, 500), pid: process.pid })}\n`);
}

function refuse(kind, detail) {
  record(kind, detail);
  const error = new Error(`archreview test guard: ${kind}: ${detail}`);
  error.code = 'ERR_ARCHREVIEW_GUARD';
  throw error;
}

function under(file, dir) {
  return file === dir || file.startsWith(dir + path.sep);
}

function pathOf(p) {
  if (typeof p === 'string') return p;
  if (Buffer.isBuffer(p)) return p.toString();
  if (p instanceof URL && p.protocol === 'file:') return fileURLToPath(p);
  return null;
}

// --- code from the analyzed folder -----------------------------------------------------

function checkCode(kind, file) {
  if (!ROOT || !file || !path.isAbsolute(file)) return;
  const target = real(file);
  if (under(target, ROOT) || under(path.resolve(file), ROOT)) refuse(kind, target);
}

const load = Module._load;
Module._load = function guardedLoad(request, parent, isMain) {
  let filename = null;
  try {
    filename = Module._resolveFilename(request, parent, isMain);
  } catch {
    /* let the real loader report it */
  }
  if (filename) checkCode('require', filename);
  return load.apply(this, arguments);
};
const compile = Module.prototype._compile;
Module.prototype._compile = function guardedCompile(content, filename) {
  checkCode('compile', filename);
  return compile.apply(this, arguments);
};
const dlopen = process.dlopen;
process.dlopen = function guardedDlopen(module, filename) {
  checkCode('dlopen', filename);
  return dlopen.apply(this, arguments);
};
if (ROOT && typeof Module.register === 'function') {
  Module.register(pathToFileURL(path.join(__dirname, 'hooks.mjs')), { data: { root: ROOT, log: LOG } });
}

// --- child processes -------------------------------------------------------------------

const childProcess = require('node:child_process');
const READ_ONLY_GIT = new Set(['log', 'rev-parse', 'for-each-ref', 'show', 'cat-file', 'ls-files', 'diff', 'rev-list', 'merge-base', 'ls-tree', 'status']);

/** git as archreview runs it: no shell, `-c core.fsmonitor= -c core.hooksPath=/dev/null` first, a read-only subcommand. */
function safeGit(file, args, options) {
  if (path.basename(String(file)) !== 'git' || !Array.isArray(args)) return false;
  if (options && options.shell) return false;
  const settings = [];
  let i = 0;
  for (; i < args.length; i++) {
    if (args[i] === '-c') settings.push(String(args[++i]));
    else if (String(args[i]).startsWith('--no-pager') || args[i] === '--no-optional-locks') continue;
    else break;
  }
  if (!settings.includes('core.fsmonitor=') || !settings.includes('core.hooksPath=/dev/null')) return false;
  return READ_ONLY_GIT.has(String(args[i]));
}

for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork']) {
  const original = childProcess[name];
  childProcess[name] = function guardedChild(file, args, options) {
    const list = Array.isArray(args) ? args : [];
    const opts = Array.isArray(args) ? options : args;
    if ((name === 'spawn' || name === 'spawnSync' || name === 'execFile' || name === 'execFileSync') && safeGit(file, list, opts)) {
      record('git', list.join(' '));
      return original.apply(this, arguments);
    }
    refuse('child_process', `${name} ${file} ${list.join(' ')}`);
  };
}

// --- network ---------------------------------------------------------------------------

const net = require('node:net');
const tls = require('node:tls');
const dns = require('node:dns');
const dgram = require('node:dgram');
const http = require('node:http');
const https = require('node:https');
const http2 = require('node:http2');

function deny(target, names, kind) {
  for (const name of names) {
    if (typeof target[name] !== 'function') continue;
    target[name] = function guardedNetwork() {
      const first = arguments[0];
      const where = typeof first === 'object' && first !== null ? JSON.stringify({ host: first.host ?? first.hostname, port: first.port, path: first.path }) : String(first);
      refuse(kind, `${name} ${where}`);
    };
  }
}
deny(net.Socket.prototype, ['connect'], 'network');
deny(net, ['connect', 'createConnection'], 'network');
deny(net.Server.prototype, ['listen'], 'network-listen');
deny(tls, ['connect'], 'network');
deny(dgram, ['createSocket'], 'network');
deny(http, ['request', 'get'], 'network');
deny(https, ['request', 'get'], 'network');
deny(http2, ['connect'], 'network');
deny(dns, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse'], 'dns');
deny(dns.promises, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse'], 'dns');
if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = function guardedFetch(input) {
    refuse('network', `fetch ${String(input && input.url ? input.url : input)}`);
  };
}
if (typeof globalThis.WebSocket === 'function') {
  globalThis.WebSocket = function guardedWebSocket(url) {
    refuse('network', `WebSocket ${url}`);
  };
}

// --- reads of forbidden folders (targets of symlinks and ../ paths) --------------------

function checkRead(name, p) {
  if (!FORBID.length) return;
  const file = pathOf(p);
  if (file === null) return;
  const resolved = path.resolve(file);
  const target = existsSync(resolved) ? real(resolved) : resolved;
  for (const dir of FORBID) if (under(target, dir) || under(resolved, dir)) refuse('read-outside', `${name} ${resolved}`);
}

const FS_READS = ['openSync', 'open', 'readFileSync', 'readFile', 'createReadStream', 'readdirSync', 'readdir', 'opendirSync', 'opendir', 'readlinkSync', 'cpSync', 'copyFileSync'];
for (const name of FS_READS) {
  const original = fs[name];
  if (typeof original !== 'function') continue;
  fs[name] = function guardedRead(p) {
    checkRead(name, p);
    return original.apply(this, arguments);
  };
}
for (const name of ['open', 'readFile', 'readdir', 'opendir']) {
  const original = fs.promises[name];
  fs.promises[name] = function guardedPromiseRead(p) {
    checkRead(`promises.${name}`, p);
    return original.apply(this, arguments);
  };
}

// --- directory order -------------------------------------------------------------------

const SEED = process.env.ARCHREVIEW_GUARD_SHUFFLE;
if (SEED) {
  let state = Number(SEED) >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const shuffle = (list) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };
  const readdirSync = fs.readdirSync;
  fs.readdirSync = function shuffledReaddirSync() {
    const list = readdirSync.apply(this, arguments);
    return Array.isArray(list) ? shuffle(list) : list;
  };
}

// Named ESM imports of built-ins (`import { readFileSync } from 'node:fs'`) see the guarded functions.
Module.syncBuiltinESMExports();

process.on('exit', () => {
  record('max-rss-kb', process.resourceUsage().maxRSS);
});
