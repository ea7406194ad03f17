import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const TEMPLATE = path.join(ROOT, 'node_modules/cdk8s-cli/templates/typescript-app');

/**
 * Benchmark (c): the reference fleet's charts as a new cdk8s TypeScript project would run them. The
 * folder gets the project template's `cdk8s.yaml` as it is (`app: npx ts-node main.ts`: type-checking
 * ts-node) and its `tsconfig.json` with one change, `lib`/`target` ES2022 instead of ES2016/ES2017,
 * without which src/ does not compile; `main.ts` builds ClusterChart and ArgoCdChart over the same
 * plans and calls `app.synth()`, the default path (one YAML file per chart). `node_modules` links to
 * this project's, so no package is fetched.
 */
export function writeCdk8sApp(dir: string, clusters: number): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(TEMPLATE, 'cdk8s.yaml'), path.join(dir, 'cdk8s.yaml'));
  const tsconfig = JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  Object.assign(tsconfig.compilerOptions, { lib: ['es2022'], target: 'ES2022' });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'cdk8s-default-path', version: '1.0.0', private: true }, null, 2));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const from = (module: string) => JSON.stringify(path.join(ROOT, module));
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    `import { App } from 'cdk8s';
import { referenceFleet } from ${from('bench/reference-fleet')};
import { ArgoCdChart, ClusterChart } from ${from('src/charts')};
import { parseCatalog } from ${from('src/model')};
import { planFleet } from ${from('src/plan')};

const catalog = parseCatalog('catalogs', referenceFleet(${clusters}));
const app = new App();
for (const plan of planFleet(catalog)) new ClusterChart(app, plan.cluster.name, { plan });
new ArgoCdChart(app, 'argocd', { fleet: catalog.fleet });
app.synth();
`,
  );
}

/** The folder `cdk8s synth` writes to with the template's configuration (its default). */
export const CDK8S_DEFAULT_OUTPUT = 'dist';
