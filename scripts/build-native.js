#!/usr/bin/env node
// postinstall: compiles the addons in native/ with the system C compiler. Each is optional: without
// rename-exchange the output writer falls back to two renames plus recovery on the next run; without
// stat-tree the scan of dist/ uses Node's lstatSync and a write creates its changed files on the main thread.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ADDONS = [
  { source: 'native/rename-exchange.c', target: 'native/build/rename_exchange.node', without: 'dist/ swaps use two renames and recovery' },
  {
    source: 'native/stat-tree.c',
    target: 'native/build/stat_tree.node',
    without: "the scan of dist/ uses Node's lstat, and a write creates its changed files on the main thread",
  },
];
const prefix = process.config.variables.node_prefix || '/usr/local';
const includeDirs = [
  path.join(prefix, 'include/node'),
  path.resolve(path.dirname(process.execPath), '../include/node'),
  '/usr/include/node',
  '/usr/local/include/node',
].filter((dir) => fs.existsSync(path.join(dir, 'node_api.h')));

for (const addon of ADDONS) {
  const skip = (reason) => console.log(`ocp-image-catalog: ${addon.source} not built (${reason}); ${addon.without}.`);
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    skip(`unsupported platform ${process.platform}`);
    continue;
  }
  if (includeDirs.length === 0) {
    skip('Node.js headers (node_api.h) not found');
    continue;
  }
  const target = path.join(root, addon.target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const flags = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared', '-fPIC'];
  const cc = process.env.CC || 'cc';
  const result = spawnSync(cc, ['-O2', ...flags, `-I${includeDirs[0]}`, path.join(root, addon.source), '-o', target], { stdio: 'inherit' });
  if (result.error || result.status !== 0) skip(`${cc} failed`);
  else console.log(`ocp-image-catalog: built ${addon.target}`);
}
