import * as path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/model';
import { ARGOCD_FOLDER, HEALTH_CHECKS_FOLDER, readTree } from '../../src/output';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { celViolations } from '../support/cel';
import type { TemplateManifest } from '../../src/oc-process';
import { processedTemplateViolations } from '../../src/validation/processed-template';
import { runCli } from '../support/fixtures';

const DIST = path.resolve(__dirname, '../../dist');
const committed = readTree(DIST);
// Reports and the Argo CD health checks (see argocd-health-checks.test.ts) are not manifests.
const manifests = [...committed].filter(([file]) => !file.startsWith('reports/') && !file.startsWith(`${HEALTH_CHECKS_FOLDER}/`));
const CLUSTERS = loadCatalog(path.resolve(__dirname, '../../catalogs'))
  .fleet.clusters.map((c) => c.name)
  .sort();

describe('committed dist/', () => {
  test('holds manifests for every cluster of the default fleet, and the ApplicationSet', () => {
    // THEN the top-level folders are exactly the fleet's clusters and argocd/, each with manifests
    const folders = new Set(manifests.map(([file]) => file.split('/')[0]));
    expect([...folders].sort()).toStrictEqual([...CLUSTERS, ARGOCD_FOLDER].sort());
  });

  test.each(manifests)('%s validates against its upstream schema', (_file, content) => {
    const object = parse(content) as { apiVersion: string; kind: string };
    expect(upstreamSchemas().validate(object)).toStrictEqual([]);
  });

  test.each(manifests)('%s passes the CEL rules of its CRD', (_file, content) => {
    const object = parse(content) as { apiVersion: string; kind: string };
    const crd = upstreamSchemas().crdSchema(object.apiVersion, object.kind);
    expect(crd ? celViolations(crd, object) : []).toStrictEqual([]);
  });

  test('holds only .yaml manifests, one object each, at the path that names it', () => {
    for (const [file, content] of manifests) {
      expect(file).toMatch(/\.yaml$/);
      const object = parse(content) as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
      const group = object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : '';
      expect(file.split('/').slice(1).join('/')).toBe(
        `${object.metadata.namespace ?? '_cluster'}/${object.kind.toLowerCase()}${group}_${object.metadata.name}.yaml`,
      );
    }
  });

  test('is what the default catalog produces (npm run check)', async () => {
    const result = await runCli(['check']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('committed dist/ templates', () => {
  const templates = manifests.filter(([file]) => file.includes('/template.template.openshift.io_'));

  test('every cluster publishes both Jenkins templates in the curated namespace', () => {
    expect(CLUSTERS.length).toBeGreaterThan(1);
    expect(templates.map(([file]) => file)).toStrictEqual(
      CLUSTERS.flatMap((c) => [
        `${c}/bcgov/template.template.openshift.io_jenkins-ephemeral.yaml`,
        `${c}/bcgov/template.template.openshift.io_jenkins-persistent.yaml`,
      ]),
    );
  });

  test.each(templates)('%s processes with its defaults into objects that validate against their upstream schemas', (_file, content) => {
    const template = parse(content) as TemplateManifest;
    expect(template.objects.length).toBeGreaterThan(0);
    expect(processedTemplateViolations(template)).toStrictEqual([]);
  });
});
