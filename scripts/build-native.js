#!/usr/bin/env node
// postinstall: compiles native/rename-exchange.c with the system C compiler. Optional: when it
// cannot be built, the output writer falls back to two renames plus recovery on the next run.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'native/rename-exchange.c');
const target = path.join(root, 'native/build/rename_exchange.node');
const prefix = process.config.variables.node_prefix || '/usr/local';
const includeDirs = [
  path.join(prefix, 'include/node'),
  path.resolve(path.dirname(process.execPath), '../include/node'),
  '/usr/include/node',
  '/usr/local/include/node',
].filter((dir) => fs.existsSync(path.join(dir, 'node_api.h')));

function skip(reason) {
  console.log(`ocp-image-catalog: atomic directory exchange not built (${reason}); dist/ swaps use two renames and recovery.`);
  process.exit(0);
}

if (process.platform !== 'linux' && process.platform !== 'darwin') skip(`unsupported platform ${process.platform}`);
if (includeDirs.length === 0) skip('Node.js headers (node_api.h) not found');
fs.mkdirSync(path.dirname(target), { recursive: true });
const flags = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared', '-fPIC'];
const cc = process.env.CC || 'cc';
const result = spawnSync(cc, ['-O2', ...flags, `-I${includeDirs[0]}`, source, '-o', target], { stdio: 'inherit' });
if (result.error || result.status !== 0) skip(`${cc} failed`);
console.log(`ocp-image-catalog: built ${path.relative(root, target)}`);
