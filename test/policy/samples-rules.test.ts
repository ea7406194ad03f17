import { bundledSamplesInventories, type Catalog, parseCatalog, type SamplesInventory } from '../../src/model';
import { readTree } from '../../src/output';
import { type ClaimedName, planCluster, planFleet, planSamples } from '../../src/plan';
import { checkFleet, type PreviousOutput } from '../../src/policy';
import { runCli, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, smallSources, workspace } from '../support/fixtures';

const [X86_INVENTORY] = bundledSamplesInventories();
/** The project has no ppc64le inventory; the architecture tests need one so the model accepts the change. */
const PPC64LE_INVENTORY: SamplesInventory = { ...X86_INVENTORY, file: 'test/ppc64le.json', architecture: 'ppc64le' };

function catalogOf(fleet = smallFleet(), samples: unknown = SMALL_SAMPLES): Catalog {
  return parseCatalog('catalogs', smallSources({ 'catalogs/fleet.ts': fleet, 'catalogs/samples.ts': samples }), [X86_INVENTORY, PPC64LE_INVENTORY]);
}

/** dist/ as `npm run synth` writes it for this fleet and these samples settings. */
async function committedDist(fleet = smallFleet(), samples: unknown = SMALL_SAMPLES): Promise<PreviousOutput> {
  const ws = workspace({ 'catalogs/fleet.ts': fleet, 'catalogs/registries.ts': SMALL_REGISTRIES, 'catalogs/samples.ts': samples as object });
  const result = await runCli(['synth', '--catalog', ws.catalogDir, '--dist', ws.distDir]);
  if (result.code !== 0) throw new Error(result.stderr);
  return readTree(ws.distDir);
}

/** The fleet with prod moved to ppc64le. */
function prodOnPpc64le() {
  const fleet = smallFleet();
  fleet.clusters[2] = { ...fleet.clusters[2], architectures: ['ppc64le'] };
  return fleet;
}

const ARCHITECTURE_FIX =
  "two steps: (1) keep the old architectures, set managementState: 'Removed' for prod in " +
  'catalogs/samples.ts (clusters.prod.managementState), ' +
  'synth, commit and let Argo CD sync until the operator has removed the samples; ' +
  "(2) then change the architectures in catalogs/fleet.ts, set managementState back to 'Managed', synth and sync";

describe('samples rules', () => {
  test("warns when the catalog places its own ImageStream under a sample's name, which is then skipped", () => {
    // GIVEN a catalog whose curated ImageStream openshift/nginx (claimed) has a sample's name, on every cluster
    const catalog = catalogOf();
    const claimed: ClaimedName[] = [{ kind: 'ImageStream', name: 'nginx', file: 'catalogs/images.ts', field: 'images[2]' }];
    const plans = planFleet(catalog).map((p) => ({ ...p, samples: planSamples(catalog, p.cluster, claimed) }));
    // WHEN the fleet is checked
    const findings = checkFleet({ catalog, plans, previous: new Map() });
    // THEN each cluster gets a warning at the ImageStream's entry, and the sample is skipped
    expect(findings.map((f) => f.cluster)).toStrictEqual(['lab', 'prod', 'test']);
    expect(findings[0]).toStrictEqual({
      severity: 'warning',
      rule: 'samples/auto-skipped',
      cluster: 'lab',
      file: 'catalogs/images.ts',
      field: 'images[2]',
      message:
        'ImageStream openshift/nginx has the name of a Samples Operator sample; it is added to ' +
        'skippedImagestreams so the operator does not revert it to its own',
      fix: 'nothing to do if this ImageStream is meant to replace the sample; otherwise give it another name',
    });
    expect(plans[0].samples.skippedImagestreams).toContain('nginx');
  });

  test('warns with a fix when the claimed sample is also in the keep-list', () => {
    // GIVEN the catalog's own Template openshift/nginx-example, which the keep-list also keeps
    const catalog = catalogOf();
    const claimed: ClaimedName[] = [{ kind: 'Template', name: 'nginx-example', file: 'catalogs/templates.ts', field: 'templates[0]' }];
    const plans = [{ ...planCluster(catalog, catalog.fleet.clusters[1]), samples: planSamples(catalog, catalog.fleet.clusters[1], claimed) }];
    // WHEN checked THEN catalog/two-owners refuses it, and the warning says which keep-list entry to remove
    expect(checkFleet({ catalog, plans, previous: new Map() })).toStrictEqual([
      {
        severity: 'error',
        rule: 'catalog/two-owners',
        file: 'catalogs/samples.ts',
        field: 'keepTemplates[0]',
        message:
          'Template openshift/nginx-example is kept as a Samples Operator sample and owned by ' +
          'catalogs/templates.ts on every cluster; one stream has one owner',
        fix:
          'remove "nginx-example" from catalogs/samples.ts: keepTemplates[0]: catalogs/templates.ts owns it ' + 'now (the Samples Operator skips it)',
      },
      {
        severity: 'warning',
        rule: 'samples/auto-skipped',
        cluster: 'test',
        file: 'catalogs/templates.ts',
        field: 'templates[0]',
        message:
          'Template openshift/nginx-example has the name of a Samples Operator sample; it is added to ' +
          'skippedTemplates so the operator does not revert it to its own, although catalogs/samples.ts: ' +
          'keepTemplates[0] keeps the sample',
        fix: 'remove "nginx-example" from catalogs/samples.ts: keepTemplates[0]: the catalog\'s own Template replaces the sample',
      },
    ]);
    expect(plans[0].samples.keptTemplates).toStrictEqual([]);
  });

  test('fails on a change of architectures while the committed dist/ shows the cluster Managed, explaining the two steps', async () => {
    // GIVEN a committed dist/ where prod's samples are Managed on x86_64
    const previous = await committedDist();
    // WHEN prod moves to ppc64le in one step
    const catalog = catalogOf(prodOnPpc64le());
    const findings = checkFleet({ catalog, plans: planFleet(catalog), previous });
    // THEN the change is refused with the two steps to take
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        rule: 'samples/architecture-change',
        cluster: 'prod',
        file: 'catalogs/fleet.ts',
        field: 'clusters[2].architectures',
        message:
          'the Samples Operator architectures of prod would change from [x86_64] to [ppc64le] while the committed ' +
          'dist/prod/_cluster/config.samples.operator.openshift.io_cluster.yaml has managementState Managed; ' +
          'the operator rejects that change ' +
          '(it marks its Config invalid and stops updating the samples) unless the samples were removed first',
        fix: ARCHITECTURE_FIX,
      },
    ]);
  });

  test('fails on a change of architectures while Unmanaged too: only Removed makes the operator forget the old ones', async () => {
    const previous = await committedDist(smallFleet(), { ...SMALL_SAMPLES, clusters: { prod: { managementState: 'Unmanaged' } } });
    const catalog = catalogOf(prodOnPpc64le(), { ...SMALL_SAMPLES, clusters: { prod: { managementState: 'Managed' } } });
    const findings = checkFleet({ catalog, plans: planFleet(catalog), previous });
    expect(findings.map((f) => [f.rule, f.cluster])).toStrictEqual([['samples/architecture-change', 'prod']]);
    expect(findings[0].message).toMatch(/has managementState Unmanaged; the operator rejects that change/);
  });

  test('a committed Config parsed once is kept in the memo, and the kept parse stands for the parse', async () => {
    // GIVEN prod moved to ppc64le over a committed dist/ where it is Managed, checked with an empty memo
    const previous = await committedDist();
    const catalog = catalogOf(prodOnPpc64le());
    const kept = new Map<string, string>();
    const memo = { get: (key: string) => kept.get(key), set: (key: string, value: string) => void kept.set(key, value) };
    const first = checkFleet({ catalog, plans: planFleet(catalog), previous, memo });
    // THEN it says what a check without the memo says, and keeps each distinct committed Config's parse
    expect(first).toStrictEqual(checkFleet({ catalog, plans: planFleet(catalog), previous }));
    expect(first.map((f) => f.rule)).toStrictEqual(['samples/architecture-change']);
    const keys = [...kept.keys()].filter((key) => key.startsWith('samples/committed\0'));
    expect(keys.length).toBeGreaterThan(0);
    // WHEN the kept parses say Removed THEN the change is accepted: the committed files were not parsed again
    for (const key of keys) kept.set(key, JSON.stringify({ managementState: 'Removed' }));
    expect(checkFleet({ catalog, plans: planFleet(catalog), previous, memo }).filter((f) => f.rule.startsWith('samples/'))).toStrictEqual([]);
  });

  test('fails when Removed and the new architectures come in the same change', async () => {
    const previous = await committedDist();
    const catalog = catalogOf(prodOnPpc64le(), { ...SMALL_SAMPLES, clusters: { prod: { managementState: 'Removed' } } });
    expect(checkFleet({ catalog, plans: planFleet(catalog), previous }).map((f) => f.rule)).toStrictEqual(['samples/architecture-change']);
  });

  test('accepts the change in two steps: Removed is committed first, then the new architectures', async () => {
    // GIVEN step 1 committed: prod's samples Removed, still on x86_64
    const removed = { ...SMALL_SAMPLES, clusters: { prod: { managementState: 'Removed' } } };
    const stepOne = catalogOf(smallFleet(), removed);
    expect(checkFleet({ catalog: stepOne, plans: planFleet(stepOne), previous: await committedDist() })).toStrictEqual([]);
    const afterStepOne = await committedDist(smallFleet(), removed);
    // WHEN step 2 moves prod to ppc64le and back to Managed
    const catalog = catalogOf(prodOnPpc64le(), SMALL_SAMPLES);
    // THEN nothing is reported
    expect(checkFleet({ catalog, plans: planFleet(catalog), previous: afterStepOne })).toStrictEqual([]);
  });

  test('accepts any architectures for a cluster that has no committed Config yet', () => {
    const catalog = catalogOf(prodOnPpc64le());
    expect(checkFleet({ catalog, plans: planFleet(catalog), previous: new Map() })).toStrictEqual([]);
  });

  test('a cluster that loses its samples Config (capability disabled) is not an architecture change', async () => {
    // GIVEN dist/ with prod's Config Managed on x86_64, then prod on ppc64le without the openshift-samples capability
    const previous = await committedDist();
    const fleet = prodOnPpc64le();
    fleet.clusters[2] = { ...fleet.clusters[2], disabledCapabilities: ['openshift-samples'] };
    const catalog = catalogOf(fleet);
    // WHEN checked THEN nothing is reported: no Config is emitted for prod, so none changes
    const findings = checkFleet({ catalog, plans: planFleet(catalog), previous });
    expect(findings.filter((f) => f.rule.startsWith('samples/'))).toStrictEqual([]);
    // and with the capability, the same move is refused
    const withSamples = catalogOf(prodOnPpc64le());
    expect(checkFleet({ catalog: withSamples, plans: planFleet(withSamples), previous }).map((f) => f.rule)).toContain('samples/architecture-change');
  });
});
