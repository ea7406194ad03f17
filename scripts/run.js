#!/usr/bin/env node
// What the npm scripts run: the bundled command line (see build.js), rebuilt first when a source
// changed. The bundle is compiled with V8's code cache (lib/bundle/cli.js.cache, written after the
// first run of a build, so it also holds the functions that run compiled lazily), as Node 22's
// module.enableCompileCache() does. The cache file starts with the SHA-256 of the bundle it was made
// from: V8 itself checks only the source's length.
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { ensureBuilt } = require('./build');

const bundle = ensureBuilt();
const cacheFile = `${bundle}.cache`;
const bytes = fs.readFileSync(bundle);
const digest = crypto.createHash('sha256').update(bytes).digest();
let cachedData;
try {
  const cache = fs.readFileSync(cacheFile);
  if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
} catch {
  cachedData = undefined;
}

const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: bundle, cachedData });
const cli = new Module(bundle, module);
cli.filename = bundle;
cli.paths = Module._nodeModulePaths(path.dirname(bundle));
// A whole `require` (with `resolve`, `cache`), as Node gives a module: the catalog loader resolves data files with it.
const requireFromBundle = Module.createRequire(bundle);
script.runInThisContext().call(cli.exports, cli.exports, requireFromBundle, cli, bundle, path.dirname(bundle));
cli.loaded = true;

cli.exports.run(process.argv.slice(2)).then(() => {
  if (cachedData !== undefined && !script.cachedDataRejected) return;
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.concat([digest, script.createCachedData()]));
    fs.renameSync(temporary, cacheFile);
  } catch {
    // Only a cache: the next run compiles without it.
  }
});
