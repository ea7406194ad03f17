/**
 * Entry point for `cdk8s synth` (see cdk8s.yaml). It runs the same atomic pipeline as `npm run synth`
 * into dist/, then writes into the folder cdk8s asked for (CDK8S_OUTDIR, which the cdk8s CLI empties
 * before every run and Argo CD never reads) one file, app.k8s.yaml (cdk8s's name for a whole app in
 * one file): every manifest Argo CD applies, as one multi-document YAML stream.
 *
 * One file, because `cdk8s synth -p` pipes every file of that folder into stdout at once
 * (cdk8s-cli lib/cli/cmds/synth.js, Command.handler: `for (const f of app.manifests)
 * fs.createReadStream(f).pipe(process.stdout)`): with many files the chunks interleave and Node warns
 * MaxListenersExceededWarning (11 'unpipe' listeners on stdout).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { main } from './cli';
import { readTree, REPORTS_FOLDER, treePaths } from './output';

export const APP_FILE = 'app.k8s.yaml';

/**
 * The files Argo CD reads as manifests: argo-cd reposerver/repository/repository.go,
 * getPotentiallyValidManifestFile, skips names not matching `manifestFile` (`^.*\.(yaml|yml|json|jsonnet)$`);
 * the reports (oc-mirror configuration, markdown) are not under any folder an Application points at.
 */
export function isAppliedManifest(file: string): boolean {
  return !file.startsWith(`${REPORTS_FOLDER}/`) && /^.*\.(yaml|yml|json|jsonnet)$/.test(path.posix.basename(file));
}

/** `---`, a `# Source:` line naming the file (as `helm template` does), then the file, for each manifest in path order. */
export function manifestStream(tree: ReadonlyMap<string, string>, distDir: string): string {
  const files = [...tree.keys()].filter(isAppliedManifest).sort();
  return files.map((file) => `---\n# Source: ${path.posix.join(distDir, file)}\n${tree.get(file)!.replace(/\n?$/, '\n')}`).join('');
}

async function run(): Promise<number> {
  const args = process.argv.slice(2);
  const code = await main(['synth', ...args]);
  const outdir = process.env.CDK8S_OUTDIR;
  if (code !== 0 || !outdir) return code;
  const { values } = parseArgs({ args, strict: false, options: { dist: { type: 'string', default: 'dist' } } });
  const distDir = String(values.dist);
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, APP_FILE), manifestStream(readTree(treePaths(distDir).dist), distDir));
  return code;
}

if (require.main === module) {
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`internal error (a bug in ocp-image-catalog, not in your catalog): ${error.stack}\n`);
      process.exitCode = 70;
    },
  );
}
