import {
  applyBundle,
  argoSettings,
  type ArgoSettings,
  type Bundle,
  type LiveCluster,
  newCluster,
  type Registry,
  runScheduledImports,
  tagsOf,
} from '../../src/forecast';
import { clusterEnvironments, diffOutputs, forecastOutputs } from '../../src/diff';
import { type FleetInput, loadCatalog, type RegistriesInput, type SamplesInput } from '../../src/model';
import { ARGOCD_FOLDER, folderObjects, type ManifestObject } from '../../src/output';
import { compile } from '../../src/pipeline';
import { SMALL_CURATION, SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, smallImage, templateCatalogFiles, workspace } from '../support/fixtures';
import * as fs from 'node:fs';
import { joinRegExp } from '../support/regexp';

// Lifecycle scenarios: successive catalogs, compiled by the real pipeline, applied to the model of a
// cluster (src/forecast/cluster-model.ts). The oracles are the upstream rules the forecast cites:
// argo-cd controller/appcontroller.go shouldBeDeleted and applicationset/utils/utils.go RenderTemplateParams;
// openshift-apiserver pkg/image/apiserver/registry/imagestream/strategy.go prepareForUpdate / tagsChanged and
// internal/imageutil/helpers.go UpdateTrackingTags; openshift-controller-manager
// pkg/image/controller/scheduled_image_controller.go needsScheduling; machine-config-operator pkg/daemon/drain.go
// isSafeContainerRegistryConfChanges; cluster-samples-operator pkg/stub/config.go SpecValidation.

interface Version {
  readonly fleet?: FleetInput;
  readonly registries?: RegistriesInput;
  readonly samples?: SamplesInput;
  readonly patroni?: { versions: { version: string }[]; stable?: string };
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

/** The output tree (path → bytes) `npm run synth` writes for this catalog. */
function synth(version: Version = {}): Map<string, string> {
  const patroni = version.patroni ?? { versions: [{ version: '1.1.0' }, { version: '1.2.0' }], stable: '1.1.0' };
  const ws = workspace(
    templateCatalogFiles('catalogs', {
      'fleet.ts': version.fleet ?? smallFleet({ curation: SMALL_CURATION }),
      'registries.ts': version.registries ?? SMALL_REGISTRIES,
      'samples.ts': version.samples ?? SMALL_SAMPLES,
      'images/patroni.ts': smallImage({ versions: patroni.versions, ...(patroni.stable ? { tracking: { stable: patroni.stable } } : {}) }),
    }),
  );
  temporary.push(ws.root);
  const compilation = compile(loadCatalog(ws.catalogDir), new Map());
  expect(compilation.findings.filter((f) => f.severity === 'error')).toStrictEqual([]);
  return compilation.files!;
}

function clusterBundle(files: ReadonlyMap<string, string>, cluster: string): Bundle | undefined {
  const objects = folderObjects(files, cluster);
  return objects.size > 0 ? objects : undefined;
}

function applicationSet(files: ReadonlyMap<string, string>): ManifestObject {
  return [...folderObjects(files, ARGOCD_FOLDER).values()].find((o) => o.kind === 'ApplicationSet')!;
}

/** The ApplicationSet with `preserveResourcesOnDeletion` set or unset, whatever the output says today. */
function withPreserve(files: ReadonlyMap<string, string>, preserve: boolean): ArgoSettings {
  const set = applicationSet(files);
  const spec = set.spec as Record<string, unknown>;
  const syncPolicy = { ...((spec.syncPolicy as Record<string, unknown> | undefined) ?? {}), preserveResourcesOnDeletion: preserve };
  return argoSettings({ ...set, spec: { ...spec, syncPolicy } });
}

/** Applies successive output trees to one cluster with the Argo CD settings each tree's ApplicationSet gives. */
function applyAll(cluster: string, trees: readonly ReadonlyMap<string, string>[], registry: Registry, start?: LiveCluster): LiveCluster {
  let live = start ?? newCluster({ name: cluster, environment: 'prod', openshiftVersion: '4.23' });
  let previous: ReadonlyMap<string, string> | undefined;
  for (const files of trees) {
    const argo = { before: argoSettings(previous ? applicationSet(previous) : undefined), after: argoSettings(applicationSet(files)) };
    live = applyBundle(live, clusterBundle(files, cluster), argo, registry);
    previous = files;
  }
  return live;
}

/** A registry that serves `<reference>@v1` for everything until a rebuild pushes something else. */
function fakeRegistry(): Registry & { push(reference: string, image: string): void } {
  const pushed = new Map<string, string>();
  const registry = ((reference: string) => pushed.get(reference) ?? `${reference}@v1`) as Registry & { push(reference: string, image: string): void };
  registry.push = (reference, image) => void pushed.set(reference, image);
  return registry;
}

const PATRONI = 'artifacts.example.com/platform-images/patroni';

describe('lifecycle scenarios', () => {
  test('add a cluster: Argo CD creates every object, the tags resolve, no node is touched', () => {
    // GIVEN the small fleet's output
    const v1 = synth();
    // WHEN it reaches the new production cluster
    const live = applyAll('prod', [v1], fakeRegistry());
    // THEN everything is created and managed, tags resolve from the distribution registry, latest follows 1.2.0
    const forecast = live.history[0];
    expect(forecast.change).toBe('added');
    expect(forecast.risk).toMatch(
      joinRegExp(
        /^joins the fleet: Argo CD creates its namespace bcgov, 3 image streams, 1 Role and 1 RoleBinding, /,
        /and changes the existing cluster settings \(Config cluster, Image cluster\)$/,
      ),
    );
    expect([...live.objects.values()].every((o) => o.managed)).toBe(true);
    expect(live.objects.size).toBe(clusterBundle(v1, 'prod')!.size);
    expect(live.tags.get('bcgov/patroni:1.2.0')).toBe(`${PATRONI}:1.2.0@v1`);
    expect(live.tags.get('bcgov/patroni:latest')).toBe(`${PATRONI}:1.2.0@v1`);
    expect(live.tags.get('bcgov/patroni:stable')).toBe(`${PATRONI}:1.1.0@v1`);
    expect(live.nodes).toStrictEqual({ drains: 0, reboots: 0, crioReloads: 0 });
  });

  test('remove a cluster with preserveResourcesOnDeletion: nothing is deleted, everything stays unmanaged and keeps importing', () => {
    // GIVEN prod synced, then a fleet without prod
    const v1 = synth();
    const v2 = synth({ fleet: { ...smallFleet({ curation: SMALL_CURATION }), clusters: smallFleet().clusters.filter((c) => c.name !== 'prod') } });
    const registry = fakeRegistry();
    let live = applyAll('prod', [v1], registry);
    const count = live.objects.size;
    // WHEN the ApplicationSet (with preserveResourcesOnDeletion, as Argo CD reads it) drops prod
    live = applyBundle(live, clusterBundle(v2, 'prod'), { before: withPreserve(v1, true), after: withPreserve(v2, true) }, registry);
    // THEN every object stays, no longer managed, and the forecast says so
    expect(live.objects.size).toBe(count);
    expect([...live.objects.values()].some((o) => o.managed)).toBe(false);
    const forecast = live.history[1];
    expect(forecast.change).toBe('removed');
    expect(forecast.gates).toStrictEqual(['removal']);
    expect(forecast.risk).toBe(
      'removed from the fleet; its namespace bcgov, 3 image streams, 1 Role, 1 RoleBinding and cluster ' +
        'settings (Config cluster, Image cluster) stay on the cluster',
    );
    // AND the streams that stay go on importing a rebuilt image
    registry.push(`${PATRONI}:1.2.0`, 'rebuilt');
    expect(runScheduledImports(live, registry).tags.get('bcgov/patroni:1.2.0')).toBe('rebuilt');
  });

  test(
    "remove a cluster without preserveResourcesOnDeletion: the namespace's content is deleted, " +
      'Delete=false objects (the namespace among them) stay',
    () => {
      const v1 = synth();
      const v2 = synth({ fleet: { ...smallFleet({ curation: SMALL_CURATION }), clusters: smallFleet().clusters.filter((c) => c.name !== 'prod') } });
      const before = applyAll('prod', [v1], fakeRegistry());
      const live = applyBundle(before, undefined, { before: withPreserve(v1, false), after: withPreserve(v2, false) }, fakeRegistry());
      const forecast = live.history[1];
      expect(forecast.gates).toStrictEqual(['removal', 'prune']);
      expect(live.tags.size).toBe(0);
      // Only objects whose live annotation says Delete=false stay (read from the bundle, whatever it holds today).
      const deleteFalse = [...before.objects].filter(([, o]) =>
        /(^|,)Delete=false/.test(o.object.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? ''),
      );
      expect([...live.objects.keys()].sort()).toStrictEqual(deleteFalse.map(([path]) => path).sort());
    },
  );

  test('retire a version: the tag leaves every cluster, stable is repointed, pods pinned to the tag are named as "may"', () => {
    // GIVEN patroni 1.1.0 (stable) and 1.2.0, then 1.1.0 retired
    const v1 = synth();
    const v2 = synth({ patroni: { versions: [{ version: '1.2.0' }], stable: '1.2.0' } });
    // WHEN prod applies both
    const live = applyAll('prod', [v1, v2], fakeRegistry());
    // THEN the spec has no 1.1.0, stable now resolves to 1.2.0, and 1.1.0's last image stays in status (until oc tag -d)
    const stream = [...live.objects.values()].find((o) => o.object.kind === 'ImageStream' && o.object.metadata.name === 'patroni')!.object;
    expect(tagsOf(stream).map((t) => t.name)).toStrictEqual(['1.2.0', 'latest', 'stable']);
    expect(live.tags.get('bcgov/patroni:stable')).toBe(`${PATRONI}:1.2.0@v1`);
    expect(live.tags.get('bcgov/patroni:1.1.0')).toBe(`${PATRONI}:1.1.0@v1`);
    const forecast = live.history[1];
    expect(forecast.gates).toStrictEqual(['tag-removal', 'repoint']);
    expect(forecast.risk).toBe('tag removed: patroni:1.1.0');
    expect(forecast.effects.find((e) => e.gate === 'tag-removal')).toMatchObject({
      may: true,
      text: expect.stringContaining('pods pinned to `patroni:1.1.0` may'),
    });
    // AND the fleet forecast names the removed tag on every cluster
    const summary = diffOutputs(v1, v2, clusterEnvironments(loadFleet(), v1));
    const fleet = forecastOutputs(v1, v2, summary, new Map());
    expect(fleet.clusters.map((c) => [c.cluster, c.risk])).toStrictEqual([
      ['prod', 'tag removed: patroni:1.1.0'],
      ['test', 'tag removed: patroni:1.1.0'],
      ['lab', 'tag removed: patroni:1.1.0'],
    ]);
  });

  test('rebuild an image: no git change, consumers pick it up on the next scheduled import; the build cluster as its tags say', () => {
    // GIVEN prod and lab synced with v1
    const v1 = synth();
    const registry = fakeRegistry();
    let prod = applyAll('prod', [v1], registry);
    let lab = applyAll('lab', [v1], registry);
    // WHEN the pipeline pushes a rebuilt 1.2.0 to the distribution registry and the build namespace, and the same catalog is applied again
    registry.push(`${PATRONI}:1.2.0`, 'rebuilt');
    registry.push('platform-tools/patroni:1.2.0', 'rebuilt');
    prod = applyAll('prod', [v1], registry, prod);
    lab = applyAll('lab', [v1], registry, lab);
    // THEN Argo CD has nothing to do: no git change reaches anyone
    expect(prod.history[1]).toMatchObject({ change: 'unchanged', sync: [], effects: [] });
    expect(lab.history[1]).toMatchObject({ change: 'unchanged', sync: [] });
    // AND the consumer's scheduled import brings the rebuilt image to 1.2.0 and latest
    prod = runScheduledImports(prod, registry);
    expect(prod.tags.get('bcgov/patroni:1.2.0')).toBe('rebuilt');
    expect(prod.tags.get('bcgov/patroni:latest')).toBe('rebuilt');
    // AND the build cluster gets it when its tag is scheduled from a registry; a tag copied from another
    // namespace's ImageStreamTag is resolved only when the tag is created or changed.
    lab = runScheduledImports(lab, registry);
    const labTag = tagsOf(folderObjects(v1, 'lab').get('bcgov/imagestream.image.openshift.io_patroni.yaml')).find((t) => t.name === '1.2.0')!;
    const expected =
      labTag.from?.kind === 'DockerImage' && labTag.importPolicy?.scheduled ? 'rebuilt' : `${labTag.from?.namespace}/${labTag.from?.name}@v1`;
    expect(lab.tags.get('bcgov/patroni:1.2.0')).toBe(expected);
  });

  test('add and remove mirrors: a digest mirror set reloads CRI-O, a tag mirror set drains every node, removing them drains', () => {
    const mirrors = (extra: Partial<RegistriesInput>) => ({ ...SMALL_REGISTRIES, clusters: { prod: extra } }) as RegistriesInput;
    const v1 = synth();
    const v2 = synth({ registries: mirrors({ imageDigestMirrors: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }] }) });
    const v3 = synth({
      registries: mirrors({
        imageDigestMirrors: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }],
        imageTagMirrors: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }],
      }),
    });
    const live = applyAll('prod', [v1, v2, v3, v1], fakeRegistry());
    expect(live.history.slice(1).map((f) => [f.gates, f.risk])).toStrictEqual([
      [['crio-reload'], 'CRI-O reloaded on every node, no drain (ImageDigestMirrorSet mirror-quay.io added)'],
      [['drain'], 'every node drained, CRI-O reloaded (ImageTagMirrorSet mirror-quay.io added)'],
      [
        ['drain', 'prune'],
        'every node drained, CRI-O reloaded (ImageDigestMirrorSet mirror-quay.io removed, ImageTagMirrorSet ' +
          'mirror-quay.io removed); Argo CD deletes cluster settings (ImageDigestMirrorSet mirror-quay.io, ' +
          'ImageTagMirrorSet mirror-quay.io)',
      ],
    ]);
    expect(live.nodes).toStrictEqual({ drains: 2, reboots: 0, crioReloads: 3 });
    // AND another cluster of the fleet is untouched
    expect(applyAll('test', [v1, v2, v3], fakeRegistry()).nodes).toStrictEqual({ drains: 0, reboots: 0, crioReloads: 0 });
  });

  test('change the samples keep-list: the operator installs what is kept and stops managing what is skipped', () => {
    const v1 = synth();
    const v2 = synth({ samples: { ...SMALL_SAMPLES, keepImagestreams: ['nodejs', 'ruby'] } });
    const forecast = applyAll('prod', [v1, v2], fakeRegistry()).history[1];
    expect(forecast.effects.filter((e) => e.actor === 'Samples Operator').map((e) => e.text)).toStrictEqual([
      'stops managing 1 sample image stream (python): left in `openshift` as they are, no longer updated',
      'installs or updates 1 sample image stream (ruby) in `openshift`',
    ]);
  });

  test("change a cluster's architecture: the Samples Operator refuses it", () => {
    // GIVEN prod synced; the catalog refuses an architecture change earlier (policy samples/architecture-change),
    // so the new bundle is the old one with the Config's architecture changed, as a hand edit would be
    const v1 = synth();
    const before = clusterBundle(v1, 'prod')!;
    const after = new Map(
      [...before].map(([path, o]): [string, ManifestObject] => [
        path,
        o.kind === 'Config' ? { ...o, spec: { ...(o.spec as object), architectures: ['ppc64le'] } } : o,
      ]),
    );
    const argo = { before: argoSettings(applicationSet(v1)), after: argoSettings(applicationSet(v1)) };
    const live = applyBundle(applyAll('prod', [v1], fakeRegistry()), after, argo, fakeRegistry());
    expect(live.refused).toStrictEqual([
      'refuses the change: cannot change architectures from x86_64 to ppc64le (ConfigurationValid=False; ' +
        'nothing else of the new Config is applied)',
    ]);
    expect(live.history[1].gates).toStrictEqual(['refused']);
    expect(live.history[1].risk).toBe(
      'Samples Operator refuses the change: cannot change architectures from x86_64 to ppc64le ' +
        '(ConfigurationValid=False; nothing else of the new Config is applied)',
    );
  });
});

function loadFleet(): { clusters: { name: string; environment: 'lab' | 'test' | 'prod' }[] } {
  return { clusters: smallFleet().clusters.map((c) => ({ name: c.name, environment: c.environment })) };
}
