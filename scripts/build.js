#!/usr/bin/env node
// Bundles the command line (src/cli.ts with everything it imports, packages included) into
// lib/bundle/cli.js with esbuild, so a run neither compiles TypeScript nor resolves and reads hundreds
// of module files: it is most of what `npm run synth` spends on the default catalog.
//
// lib/ is not committed. postinstall builds it, and scripts/run.js (what the npm scripts run) rebuilds
// it first whenever a file it was built from changed: lib/bundle/inputs.json records the size and
// modification time of every input esbuild read, plus this script and package-lock.json.
//
// The bundle sits two folders below the project root, as every module under src/<area>/ does, so the
// paths src/ computes from __dirname (upstream/, native/build/, src/model) are the same in both.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function bundlePaths(outDir = path.join(ROOT, 'lib/bundle')) {
  return { dir: outDir, bundle: path.join(outDir, 'cli.js'), stamp: path.join(outDir, 'inputs.json') };
}

/** Inputs outside the bundle's import graph whose change also calls for a rebuild. */
const EXTRA_INPUTS = ['scripts/build.js', 'package-lock.json'];

function signature(file) {
  try {
    const stat = fs.statSync(path.resolve(ROOT, file));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** Whether the bundle exists and every input is as it was when it was built. */
function isFresh(paths = bundlePaths()) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(paths.stamp, 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(paths.bundle)) return false;
  for (const file in stamp.inputs) if (signature(file) !== stamp.inputs[file]) return false;
  return true;
}

/** esbuild options for a bundle of `entry` (relative to the root) at `outfile`; the benchmark bundles its children with them. */
function buildOptions(entry, outfile) {
  return {
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // esbuild finds its native binary relative to its own package.
    external: ['esbuild'],
    // `NODE_OPTIONS=--enable-source-maps` makes stack traces name the TypeScript sources.
    sourcemap: 'linked',
    metafile: true,
    write: false,
    // Two requires are dynamic on purpose (catalog imports, kubernetes-models loaded on first use).
    logLevel: 'error',
  };
}

/** Builds the bundle; each file is written beside its place and renamed into it, so a concurrent run never reads half a file. */
function build(paths = bundlePaths()) {
  const started = Date.now();
  const result = require('esbuild').buildSync(buildOptions('src/cli.ts', paths.bundle));
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS]) inputs[file] = signature(file);
  // An input saved while esbuild ran may not be in the bundle: then record nothing, so the next run builds again.
  const settled = Object.keys(inputs).every(
    (file) => !fs.existsSync(path.resolve(ROOT, file)) || fs.statSync(path.resolve(ROOT, file)).mtimeMs < started,
  );
  const outputs = [...result.outputFiles.map((f) => [f.path, f.contents]), ...(settled ? [[paths.stamp, JSON.stringify({ inputs }, null, 1)]] : [])];
  fs.rmSync(paths.stamp, { force: true });
  fs.mkdirSync(paths.dir, { recursive: true });
  for (const [file, contents] of outputs) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, file);
  }
  return paths.bundle;
}

/** The bundle's path, built first if it is missing or stale. */
function ensureBuilt(paths = bundlePaths()) {
  return isFresh(paths) ? paths.bundle : build(paths);
}

module.exports = { bundlePaths, buildOptions, signature, isFresh, build, ensureBuilt };

if (require.main === module) {
  const started = Date.now();
  build();
  console.log(`ocp-image-catalog: bundled src/cli.ts into lib/bundle/cli.js in ${Date.now() - started} ms`);
}
