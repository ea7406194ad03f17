import { CatalogError, parseCatalog, samplesSettingsFor } from '../../src/model';
import { catalogProblems, SMALL_SAMPLES, smallFleet, smallSources } from '../support/fixtures';
import { joinRegExp } from '../support/regexp';

function parseSamples(samples: unknown) {
  return parseCatalog('catalogs', smallSources({ 'catalogs/samples.ts': samples }));
}

const INVENTORY_FILE = 'upstream/openshift/samples-inventory/releases/ocp-x86_64-eee95ba.json';
const PAYLOAD_FIX =
  'the samples settings neither keep nor skip payload image streams (cli, cli-artifacts, installer, ' +
  'installer-artifacts, must-gather, oauth-proxy, tests, tools); they are always there';

describe('samples model', () => {
  test('applies the documented defaults', () => {
    // GIVEN samples settings with only the keep-lists
    // WHEN they are parsed
    const { samples, samplesFile } = parseSamples(SMALL_SAMPLES);
    // THEN the operator is Managed, there is no samples registry and no per-cluster setting
    expect(samplesFile).toBe('catalogs/samples.ts');
    expect(samples).toStrictEqual({
      managementState: 'Managed',
      keepImagestreams: ['nodejs', 'python'],
      keepTemplates: ['nginx-example'],
      clusters: {},
    });
  });

  test('per-cluster settings replace the fleet-wide ones, field by field, and remember where they are written', () => {
    // GIVEN a fleet-wide registry and a prod cluster with its own state and image streams
    const { samples } = parseSamples({
      ...SMALL_SAMPLES,
      samplesRegistry: 'mirror.example.com:5000',
      clusters: { prod: { managementState: 'Removed', keepImagestreams: ['ruby'] } },
    });
    // WHEN the settings of prod and of test are resolved
    // THEN prod takes its own fields and the fleet-wide rest; test takes everything fleet-wide
    expect(samplesSettingsFor(samples, 'prod')).toStrictEqual({
      managementState: 'Removed',
      managementStateField: 'clusters.prod.managementState',
      samplesRegistry: 'mirror.example.com:5000',
      samplesRegistryField: 'samplesRegistry',
      keepImagestreams: [{ name: 'ruby', field: 'clusters.prod.keepImagestreams[0]' }],
      keepTemplates: [{ name: 'nginx-example', field: 'keepTemplates[0]' }],
    });
    expect(samplesSettingsFor(samples, 'test')).toStrictEqual({
      managementState: 'Managed',
      managementStateField: 'managementState',
      samplesRegistry: 'mirror.example.com:5000',
      samplesRegistryField: 'samplesRegistry',
      keepImagestreams: [
        { name: 'nodejs', field: 'keepImagestreams[0]' },
        { name: 'python', field: 'keepImagestreams[1]' },
      ],
      keepTemplates: [{ name: 'nginx-example', field: 'keepTemplates[0]' }],
    });
  });

  test('fails on a payload image stream in the keep-list, saying the cluster version operator manages it', () => {
    // GIVEN `cli` kept as if it were a sample
    const samples = { ...SMALL_SAMPLES, keepImagestreams: ['nodejs', 'cli'] };
    // WHEN parsed THEN the error names the entry, says why it must stay, and how to fix it
    expect(() => parseSamples(samples)).toThrow(
      new CatalogError([
        {
          file: 'catalogs/samples.ts',
          field: 'keepImagestreams[1]',
          expected:
            'a sample name; "cli" is a payload image stream: the cluster version operator manages it, the ' +
            'cluster needs it, and it must stay in the openshift namespace',
          received: '"cli"',
          fix: `remove "cli": ${PAYLOAD_FIX}`,
        },
      ]).message,
    );
  });

  test('fails on a payload image stream anywhere in the samples settings, per-cluster template lists included', () => {
    // GIVEN `oauth-proxy` in a per-cluster template keep-list
    const samples = { ...SMALL_SAMPLES, clusters: { test: { keepTemplates: ['oauth-proxy'] } } };
    // WHEN parsed THEN it is reported at that field
    expect(catalogProblems(() => parseSamples(samples))).toStrictEqual([
      {
        file: 'catalogs/samples.ts',
        field: 'clusters.test.keepTemplates[0]',
        expected:
          'a sample name; "oauth-proxy" is a payload image stream: the cluster version operator manages it, ' +
          'the cluster needs it, and it must stay in the openshift namespace',
        received: '"oauth-proxy"',
        fix: `remove "oauth-proxy": ${PAYLOAD_FIX}`,
      },
    ]);
  });

  test('fails on a kept name that is not in the release inventory, naming the closest inventory names', () => {
    // GIVEN a misspelt image stream and a template that does not exist
    const samples = { ...SMALL_SAMPLES, keepImagestreams: ['nodejs', 'pyton'], clusters: { prod: { keepTemplates: ['postgres-persistent'] } } };
    // WHEN parsed THEN each is reported once, with the release, the clusters it fails on and "did you mean"
    expect(catalogProblems(() => parseSamples(samples))).toStrictEqual([
      {
        file: 'catalogs/samples.ts',
        field: 'keepImagestreams[1]',
        expected: 'an image stream the Samples Operator installs on OpenShift 4.23 (x86_64; clusters lab, prod, test)',
        received: `"pyton", which is not in ${INVENTORY_FILE}`,
        fix: 'did you mean "python", "httpd", "mysql"? Correct the name or remove it',
      },
      {
        file: 'catalogs/samples.ts',
        field: 'clusters.prod.keepTemplates[0]',
        expected: 'a template the Samples Operator installs on OpenShift 4.23 (x86_64; clusters prod)',
        received: `"postgres-persistent", which is not in ${INVENTORY_FILE}`,
        fix: 'did you mean "postgresql-persistent", "jenkins-persistent", "mysql-persistent"? Correct the name or remove it',
      },
    ]);
  });

  test('fails on a sample removed from the inventory since the seed list (jenkins-agent-maven)', () => {
    const samples = { ...SMALL_SAMPLES, keepImagestreams: ['jenkins-agent-maven'] };
    expect(() => parseSamples(samples)).toThrow(
      joinRegExp(
        /keepImagestreams\[0\]\n.*\n  received: "jenkins-agent-maven", which is not in .*\n/,
        /  fix:      did you mean "jenkins-agent-base", "jenkins", "java-runtime"\?/,
      ),
    );
  });

  test('fails on per-cluster settings for a cluster the fleet does not have', () => {
    // GIVEN settings for "prdo" (a typo of prod)
    const samples = { ...SMALL_SAMPLES, clusters: { prdo: { managementState: 'Removed' } } };
    // WHEN parsed THEN the key is reported with the fleet's clusters and the nearest name
    expect(catalogProblems(() => parseSamples(samples))).toStrictEqual([
      {
        file: 'catalogs/samples.ts',
        field: 'clusters.prdo',
        expected: 'a cluster of catalogs/fleet.ts: lab, prod, test',
        received: '"prdo"',
        fix: 'did you mean "prod"? Otherwise remove the entry',
      },
    ]);
  });

  test('fails on a cluster whose OpenShift release has no Samples Operator inventory, telling how to add one', () => {
    // GIVEN prod on OpenShift 4.12, for which the project has no inventory
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], openshiftVersion: '4.12.3' };
    // WHEN parsed THEN the cluster's version is reported with the releases known and the data file to add
    expect(catalogProblems(() => parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet })))).toStrictEqual([
      {
        file: 'catalogs/fleet.ts',
        field: 'clusters[2].openshiftVersion',
        expected:
          "an OpenShift release with a Samples Operator inventory for the cluster's first architecture: 4.22 " +
          '(x86_64), 4.23 (x86_64), 5.0 (x86_64), 5.1 (x86_64)',
        received: '"4.12" on x86_64',
        fix:
          'add upstream/openshift/samples-inventory/releases/ocp-x86_64-<commit>.json with openshiftReleases ' +
          '["4.12"] and the names of ' +
          'assets/operator/ocp-x86_64/*/{imagestreams,templates}/ in openshift/cluster-samples-operator on branch release-4.12 ' +
          '(or add "4.12" to an existing file whose inventory is the same), and record its provenance in upstream/openshift/README.md',
      },
    ]);
  });

  test('fails on a cluster whose first architecture has no inventory (aarch64)', () => {
    const fleet = smallFleet();
    fleet.clusters[0] = { ...fleet.clusters[0], architectures: ['aarch64', 'x86_64'] };
    expect(() => parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet }))).toThrow(
      joinRegExp(
        /fleet.ts: clusters\[0\]\.openshiftVersion\n.*\n  received: "4.23" on aarch64\n/,
        /  fix:      add upstream\/openshift\/samples-inventory\/releases\/ocp-aarch64-<commit>.json/,
      ),
    );
  });

  test('fails on a duplicate kept name at the second occurrence', () => {
    const samples = { ...SMALL_SAMPLES, keepImagestreams: ['nodejs', 'python', 'nodejs'] };
    expect(catalogProblems(() => parseSamples(samples))).toStrictEqual([
      {
        file: 'catalogs/samples.ts',
        field: 'keepImagestreams[2]',
        expected: 'a unique image stream name',
        received: '"nodejs", already used at index 0',
        fix: 'remove the duplicate or give it another image stream name',
      },
    ]);
  });

  test('fails on an unknown management state', () => {
    expect(() => parseSamples({ ...SMALL_SAMPLES, managementState: 'Force' })).toThrow(
      /samples.ts: managementState\n  expected: one of "Managed", "Unmanaged", "Removed"\n  received: "Force"/,
    );
  });

  test('fails on a samples registry written as a URL', () => {
    expect(() => parseSamples({ ...SMALL_SAMPLES, samplesRegistry: 'https://mirror.example.com' })).toThrow(
      /samples.ts: samplesRegistry\n  expected: a registry host name with an optional port/,
    );
  });

  test('fails when the samples file is missing', () => {
    const sources = smallSources();
    sources.delete('catalogs/samples.ts');
    expect(() => parseCatalog('catalogs', sources)).toThrow(/catalogs\/samples.ts\n  expected: the file to exist and export default defineSamples/);
  });

  test('a cluster without the openshift-samples capability needs no inventory', () => {
    // GIVEN prod on a release without inventory, installed without the samples capability
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], openshiftVersion: '4.12', disabledCapabilities: ['openshift-samples'] };
    // WHEN parsed THEN nothing is reported: no Samples Operator runs there
    expect(parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet })).fleet.clusters[2].openshiftVersion).toBe('4.12');
  });

  test('fails on per-cluster samples settings for a cluster without the openshift-samples capability', () => {
    // GIVEN prod without the capability and a samples override for it
    const fleet = smallFleet();
    fleet.clusters[2] = { ...fleet.clusters[2], disabledCapabilities: ['openshift-samples'] };
    const samples = { ...SMALL_SAMPLES, clusters: { prod: { managementState: 'Removed' } } };
    // WHEN parsed THEN the override is reported with where the capability is switched off and the two fixes
    expect(
      catalogProblems(() => parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet, 'catalogs/samples.ts': samples }))),
    ).toStrictEqual([
      {
        file: 'catalogs/samples.ts',
        field: 'clusters.prod',
        expected:
          'samples settings for a cluster that runs the Samples Operator; catalogs/fleet.ts: ' +
          'clusters[2].disabledCapabilities lists "openshift-samples", so prod has no Samples Operator and ' +
          'gets no samples Config',
        received: 'settings for "prod"',
        fix:
          'remove clusters.prod from catalogs/samples.ts, or, if the capability has been enabled on prod ' +
          'since, remove "openshift-samples" from disabledCapabilities in catalogs/fleet.ts',
      },
    ]);
  });
});
