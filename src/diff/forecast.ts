import { applicationSetClusters, argoSettings, type Bundle, type ClusterForecast, type FleetForecast, forecastFleet, type Gate } from '../forecast';
import { ARGOCD_FOLDER, folderObjects, type ManifestObject, REPORTS_FOLDER, topFolder } from '../output';
import { code, table } from '../shared';
import { clusterList } from './_cluster-list';
import type { DiffSummary } from './summary';

function applicationSet(files: ReadonlyMap<string, string>): ManifestObject | undefined {
  return [...folderObjects(files, ARGOCD_FOLDER).values()].find((o) => o.kind === 'ApplicationSet');
}

function clusterBundles(files: ReadonlyMap<string, string>): Map<string, Bundle> {
  const folders = [...new Set([...files.keys()].map(topFolder))].filter((f) => f !== REPORTS_FOLDER && f !== ARGOCD_FOLDER);
  return new Map(folders.map((f) => [f, folderObjects(files, f)]));
}

/**
 * What applying the working tree's output does to each cluster, read from the same two trees as the
 * diff: a cluster is in the fleet when its folder exists (and, with an ApplicationSet, when it lists it).
 * `versions` gives each cluster's OpenShift release (fleet.ts `openshiftVersion`).
 */
export function forecastOutputs(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  summary: DiffSummary,
  versions: ReadonlyMap<string, string>,
): FleetForecast {
  const setBefore = applicationSet(before);
  const setAfter = applicationSet(after);
  const bundlesBefore = clusterBundles(before);
  const bundlesAfter = clusterBundles(after);
  // A cluster the ApplicationSet no longer lists leaves the fleet even if a stale folder stays.
  if (setAfter) for (const name of [...bundlesAfter.keys()]) if (!applicationSetClusters(setAfter).includes(name)) bundlesAfter.delete(name);
  return forecastFleet({
    before: bundlesBefore,
    after: bundlesAfter,
    argo: { before: argoSettings(setBefore), after: argoSettings(setAfter) },
    clusters: summary.clusters.map((c) => ({
      name: c.name,
      environment: c.environment,
      ...(versions.has(c.name) ? { openshiftVersion: versions.get(c.name) } : {}),
    })),
  });
}

/** The lines of the "On apply" section for one cluster. */
function applyLines(c: ClusterForecast): string[] {
  const lines = c.effects.map((e) => `${e.actor}: ${e.text}`);
  if (c.change === 'added') {
    const waves = [...new Set(c.sync.map((s) => s.wave))].sort((a, b) => a - b);
    lines.unshift(`Argo CD: creates ${c.sync.length} objects, waves ${waves.join(' → ')}`);
  } else if (c.change === 'changed') {
    lines.push(...c.sync.map((s) => `Argo CD, wave ${s.wave}: ${s.action} ${s.kind} ${code(s.name)}${s.reason ? ` (${s.reason})` : ''}`));
  }
  const before = new Map(c.importsBefore.map((l) => [l.registry, l]));
  const after = new Map(c.importsAfter.map((l) => [l.registry, l]));
  for (const registry of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(registry)?.tags ?? 0;
    const a = after.get(registry)?.tags ?? 0;
    if (a !== b)
      lines.push(
        `image streams: scheduled tags on ${registry}: ${b} → ${a} (${before.get(registry)?.requestsPerHour ?? 0} ` +
          `→ ${after.get(registry)?.requestsPerHour ?? 0} requests per hour)`,
      );
  }
  return lines;
}

/** The risk lines for production, above the summary: one per production cluster with something to say. */
export function riskLines(forecast: FleetForecast): string[] {
  return forecast.clusters.filter((c) => c.environment === 'prod' && c.risk).map((c) => `- **${c.cluster}:** ${c.risk}`);
}

/** "On apply" (empty when nothing happens): per set of clusters that share a line (production first), what Argo CD and the operators do. */
export function renderForecast(forecast: FleetForecast): string {
  const environments = new Map(forecast.clusters.map((c) => [c.cluster, c.environment]));
  const lines = new Map<string, { clusters: string[]; order: number }>();
  for (const c of forecast.clusters) {
    for (const line of applyLines(c)) {
      const entry = lines.get(line) ?? { clusters: [], order: lines.size };
      entry.clusters.push(c.cluster);
      lines.set(line, entry);
    }
  }
  const groups = new Map<string, { clusters: string[]; lines: { line: string; order: number }[] }>();
  for (const [line, { clusters, order }] of lines) {
    const key = clusters.join(',');
    const group = groups.get(key) ?? { clusters, lines: [] };
    group.lines.push({ line, order });
    groups.set(key, group);
  }
  const position = new Map(forecast.clusters.map((c, i) => [c.cluster, i]));
  const ordered = [...groups.values()].sort(
    (a, b) => position.get(a.clusters[0])! - position.get(b.clusters[0])! || b.clusters.length - a.clusters.length,
  );
  if (ordered.length === 0) return '';
  const out = [
    '## On apply',
    '',
    'What Argo CD (automated sync) and the operators do when this merges, per cluster; "may" marks what ' +
      'depends on something the catalog cannot know.',
  ];
  for (const group of ordered) {
    out.push('', `### ${clusterList(group.clusters, environments)}`, '', ...group.lines.sort((a, b) => a.order - b.order).map((l) => `- ${l.line}`));
  }
  const changed = forecast.registries.filter((r) => r.before !== r.after);
  if (changed.length > 0) {
    out.push(
      '',
      '### Scheduled imports, whole fleet',
      '',
      'Every scheduled tag is imported again about every 15 minutes (openshift-controller-manager default).',
      '',
    );
    out.push(
      table(
        ['registry', 'requests per hour before', 'after'],
        changed.map((r) => [r.registry, String(r.before), String(r.after)]),
        ['left', 'right', 'right'],
      ),
    );
  }
  return out.join('\n');
}

/** The clusters that trigger each of `gates`, for the `--fail-on` message. */
export function triggeredGates(forecast: FleetForecast, gates: readonly Gate[]): { gate: Gate; clusters: string[] }[] {
  return gates
    .map((gate) => ({ gate, clusters: forecast.clusters.filter((c) => c.gates.includes(gate)).map((c) => c.cluster) }))
    .filter((g) => g.clusters.length > 0);
}
