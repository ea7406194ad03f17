import { code, countList, table } from '../shared';
import type { FleetForecast } from '../forecast';
import type { Finding } from '../policy';
import { findingsSection } from './findings';
import { clusterList } from './_cluster-list';
import { renderForecast, riskLines } from './forecast';
import { kindLabel } from './kinds';

export { clusterList } from './_cluster-list';
import type { ChangeGroup, ClusterSummary, Detail, DiffSummary, ObjectChange } from './summary';

/** The commit the working tree's catalog is compared with. */
export interface DiffBase {
  /** The ref as given (`origin/main`), or the branch whose merge base with HEAD was taken. */
  readonly ref: string;
  readonly commit: string;
  /** True when `commit` is the merge base of HEAD and `ref` (the default). */
  readonly mergeBase: boolean;
}

export function detailLine(d: Detail): string {
  let head = d.key !== undefined ? `${d.field} ${code(d.key)}` : d.field;
  if (d.path) head += `: ${d.path}`;
  let values = '';
  if (d.before !== undefined && d.after !== undefined) values = `: ${code(d.before)} → ${code(d.after)}`;
  else if (d.after !== undefined) values = `: ${code(d.after)}`;
  else if (d.before !== undefined) values = ` (was ${code(d.before)})`;
  return `${head} ${d.change}${values}`;
}

function objectLines(change: ObjectChange): string[] {
  return [
    `- ${kindLabel(change.apiVersion, change.kind)} ${code(change.name)} ${change.change}`,
    ...change.details.map((d) => `  - ${detailLine(d)}`),
  ];
}

function groupSection(group: ChangeGroup, environments: ReadonlyMap<string, string>): string {
  const names = clusterList(group.clusters, environments);
  if (group.clusterChange) {
    const counts = group.objectCounts ?? [];
    const total = counts.reduce((sum, c) => sum + c.count, 0);
    const heading = `### ${names}: ${group.clusterChange === 'added' ? 'new cluster' : 'cluster removed'}`;
    return `${heading}\n\n- ${total} object${total === 1 ? '' : 's'} ${group.clusterChange}: ${countList(counts)}`;
  }
  return `### ${names}\n\n${group.changes.flatMap(objectLines).join('\n')}`;
}

function statusWord(c: ClusterSummary): string {
  return c.status === 'added' ? 'new cluster' : c.status === 'removed' ? 'cluster removed' : c.status;
}

/**
 * The summary a reviewer reads first: what changes where, production first. With a forecast, a risk
 * line per production cluster comes first and an "On apply" section last.
 */
export function renderMarkdown(summary: DiffSummary, base: DiffBase, forecast?: FleetForecast, findings: readonly Finding[] = []): string {
  const environments = new Map(summary.clusters.map((c) => [c.name, c.environment]));
  const short = base.commit.slice(0, 12);
  const from = base.mergeBase ? `the merge base of HEAD and ${code(base.ref)} (${code(short)})` : `${code(base.ref)} (${code(short)})`;
  const out = ['## Catalog changes', '', `Compared: ${from} → the catalog in the working tree.`];
  const risks = forecast ? riskLines(forecast) : [];
  if (risks.length > 0) out.push('', '**Production on apply:**', '', ...risks);

  const touched = summary.clusters.filter((c) => c.status !== 'unchanged');
  if (touched.length === 0 && summary.argocd.length === 0) {
    out.push('', 'No object changes.');
  } else {
    const production = touched.filter((c) => c.environment === 'prod').map((c) => c.name);
    out.push('', production.length > 0 ? `**Production touched:** ${production.join(', ')}.` : 'Production untouched.');
    if (touched.length > 0) {
      out.push(
        '',
        table(
          ['cluster', 'environment', 'status', 'added', 'removed', 'changed'],
          touched.map((c) => [c.name, c.environment, statusWord(c), String(c.added), String(c.removed), String(c.changed)]),
          ['left', 'left', 'left', 'right', 'right', 'right'],
        ),
      );
    }
    const unchanged = summary.clusters.filter((c) => c.status === 'unchanged').map((c) => c.name);
    if (unchanged.length > 0) out.push('', `Unchanged: ${clusterList(unchanged, environments)}.`);
    for (const group of summary.groups) out.push('', groupSection(group, environments));
    if (summary.argocd.length > 0) out.push('', `### Argo CD (${code('argocd/')})`, '', summary.argocd.flatMap(objectLines).join('\n'));
  }
  if (summary.formattingOnly.length > 0) {
    const n = summary.formattingOnly.length;
    out.push('', `${n} file${n === 1 ? '' : 's'} change only in formatting (same objects): ${summary.formattingOnly.map(code).join(', ')}.`);
  }
  if (summary.otherFiles.length > 0) {
    const n = summary.otherFiles.length;
    const files = summary.otherFiles.map((f) => `${code(f.path)} (${f.change})`).join(', ');
    out.push('', `${n} file${n === 1 ? '' : 's'} that ${n === 1 ? 'is not a manifest' : 'are not manifests'} changed: ${files}.`);
  }
  const apply = forecast ? renderForecast(forecast) : '';
  if (apply) out.push('', apply);
  out.push(...findingsSection(findings));
  return out.join('\n') + '\n';
}

/** The same summary for machines (with the forecast under `forecast` when given), and the checks' findings. */
export function renderJson(summary: DiffSummary | undefined, base: DiffBase, forecast?: FleetForecast, findings: readonly Finding[] = []): string {
  return JSON.stringify({ base, ...summary, ...(forecast ? { forecast } : {}), findings }, null, 2) + '\n';
}
