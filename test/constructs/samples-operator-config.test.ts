import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { SamplesOperatorConfig, type SamplesOperatorConfigProps } from '../../src/constructs';
import { findSamplesInventory, loadCatalog, samplesSettingsFor } from '../../src/model';
import { readTree } from '../../src/output';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { celViolations } from '../support/cel';

const CONFIG = { apiVersion: 'samples.operator.openshift.io/v1', kind: 'Config' };

function synthConfig(props: SamplesOperatorConfigProps) {
  const chart = new Chart(Testing.app(), 'test');
  new SamplesOperatorConfig(chart, 'SamplesOperatorConfig', props);
  return Testing.synth(chart);
}

function configSchema(): object {
  const schema = upstreamSchemas().crdSchema(CONFIG.apiVersion, CONFIG.kind);
  if (!schema) throw new Error('no schema for the samples Config');
  return schema;
}

describe('SamplesOperatorConfig', () => {
  test('renders the Config named cluster, valid against the upstream schema and its CEL rule', () => {
    // GIVEN a Managed configuration with a mirror and skipped samples
    // WHEN it is synthesized
    const objects = synthConfig({
      managementState: 'Managed',
      architectures: ['x86_64'],
      samplesRegistry: 'mirror.example.com:5000',
      skippedImagestreams: ['jenkins', 'perl'],
      skippedTemplates: ['jenkins-persistent'],
    });
    // THEN it is one object, exactly this, and valid
    expect(objects).toStrictEqual([
      {
        ...CONFIG,
        metadata: { name: 'cluster' },
        spec: {
          architectures: ['x86_64'],
          managementState: 'Managed',
          samplesRegistry: 'mirror.example.com:5000',
          skippedImagestreams: ['jenkins', 'perl'],
          skippedTemplates: ['jenkins-persistent'],
        },
      },
    ]);
    expect(upstreamSchemas().validate(objects[0])).toStrictEqual([]);
    expect(celViolations(configSchema(), objects[0])).toStrictEqual([]);
  });

  test('leaves out the registry and empty lists, which the operator would drop when it writes the object back', () => {
    const [object] = synthConfig({ managementState: 'Removed', architectures: ['x86_64'], skippedImagestreams: [], skippedTemplates: [] });
    expect(object.spec).toStrictEqual({ architectures: ['x86_64'], managementState: 'Removed' });
    expect(upstreamSchemas().validate(object)).toStrictEqual([]);
  });

  test("the CEL check evaluates the CRD's rule: it fails on a helm chart name the API server would reject", () => {
    // GIVEN a Config the JSON Schema accepts but the CRD's x-kubernetes-validations rule does not
    const valid = {
      ...CONFIG,
      metadata: { name: 'cluster' },
      spec: { managementState: 'Managed', skippedHelmCharts: ['redhat-nodejs-imagestreams', 'redhat.httpd'] },
    };
    const object = { ...valid, spec: { ...valid.spec, skippedHelmCharts: ['redhat-nodejs-imagestreams', 'Not_A_Name'] } };
    expect(upstreamSchemas().validate(object)).toStrictEqual([]);
    expect(celViolations(configSchema(), valid)).toStrictEqual([]);
    // WHEN its CEL rules are evaluated THEN the rule's message is reported at the field
    expect(celViolations(configSchema(), object)).toStrictEqual([
      {
        path: '/spec/skippedHelmCharts',
        rule: "self.all(x, x.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'))",
        message:
          'skippedHelmCharts must be a valid Kubernetes resource name. May contain only lowercase alphanumeric ' +
          'characters, hyphens and periods, and each period separated segment must begin and end with an ' +
          'alphanumeric character',
      },
    ]);
  });
});

describe('committed dist/: the samples Config of every cluster', () => {
  const catalog = loadCatalog('catalogs');
  const committed = readTree(path.resolve(__dirname, '../../dist'));

  test.each(catalog.fleet.clusters.map((c) => [c.name, c] as const))(
    '%s: valid, and skips exactly the inventory minus the keep-list',
    (name, cluster) => {
      // GIVEN the committed Config of the cluster
      const content = committed.get(`${name}/_cluster/config.samples.operator.openshift.io_cluster.yaml`);
      expect(content).toBeDefined();
      const object = parse(content ?? '') as { spec: { skippedImagestreams?: string[]; skippedTemplates?: string[]; architectures: string[] } };
      // THEN it validates against the upstream schema and its CEL rule
      expect(upstreamSchemas().validate(object)).toStrictEqual([]);
      expect(celViolations(configSchema(), object)).toStrictEqual([]);
      // AND its skipped lists are the release inventory minus the cluster's keep-lists, sorted
      const inventory = findSamplesInventory(catalog.samplesInventories, cluster.openshiftVersion, cluster.architectures[0]);
      const settings = samplesSettingsFor(catalog.samples, name);
      const minus = (all: readonly string[] = [], keep: ReadonlyArray<{ name: string }>) => all.filter((n) => !keep.some((k) => k.name === n)).sort();
      expect(object.spec.skippedImagestreams ?? []).toStrictEqual(minus(inventory?.imagestreams, settings.keepImagestreams));
      expect(object.spec.skippedTemplates ?? []).toStrictEqual(minus(inventory?.templates, settings.keepTemplates));
      expect(object.spec.architectures).toStrictEqual(['x86_64']);
    },
  );
});
