/**
 * Entry point for `cdk8s synth` (see cdk8s.yaml). It runs the same atomic pipeline as `npm run synth`
 * into dist/, then copies the manifests into the folder cdk8s asked for (CDK8S_OUTDIR), which the
 * cdk8s CLI empties before every run and which Argo CD never reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { main } from './cli';
import { readTree, treePaths } from './output';

async function run(): Promise<number> {
  const args = process.argv.slice(2);
  const code = await main(['synth', ...args]);
  const outdir = process.env.CDK8S_OUTDIR;
  if (code !== 0 || !outdir) return code;
  const { values } = parseArgs({ args, strict: false, options: { dist: { type: 'string', default: 'dist' } } });
  for (const [file, content] of readTree(treePaths(String(values.dist)).dist)) {
    const target = path.join(outdir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return code;
}

void run().then((code) => {
  process.exitCode = code;
});
