import { UNKNOWN_ENVIRONMENT } from './tree-diff';

/** `gold, silver (prod) · klab (lab)`: clusters named, grouped by environment, in the order given. */
export function clusterList(clusters: readonly string[], environments: ReadonlyMap<string, string>): string {
  const runs: { environment: string; names: string[] }[] = [];
  for (const name of clusters) {
    const environment = environments.get(name) ?? UNKNOWN_ENVIRONMENT;
    const last = runs[runs.length - 1];
    if (last && last.environment === environment) last.names.push(name);
    else runs.push({ environment, names: [name] });
  }
  return runs.map((r) => `${r.names.join(', ')} (${r.environment})`).join(' · ');
}
