import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareStrings } from '../plan';
import { UPSTREAM_DIR } from '../validation/upstream-schemas';
import { groupOf } from '../charts';
import { kindCounts, ManifestObject, valueAt } from './manifest-objects';
import { code, countList, table } from './markdown';
import type { ClusterReportInput } from './report';

/** One section of a cluster report, a function of the report's input. */
type Section = (input: ClusterReportInput) => string;

const NONE = '—';

function objectsOf(input: ClusterReportInput, group: string, kind: string): ManifestObject[] {
  return [...input.objects.values()].filter((o) => o.kind === kind && groupOf(o.apiVersion) === group);
}

function field<T>(object: unknown, dotted: string): T | undefined {
  return valueAt(object, dotted) as T | undefined;
}

function codes(values: readonly string[]): string {
  return values.length > 0 ? values.map(code).join(', ') : NONE;
}

export const clusterSection: Section = ({ plan, objects }) => {
  const c = plan.cluster;
  const destination = 'server' in c.destination ? `server ${code(c.destination.server)}` : `name ${code(c.destination.name)}`;
  const rows = [
    ['environment', c.environment],
    ['role', c.role],
    ['OpenShift', c.openshiftVersion],
    ['architectures', c.architectures.join(', ')],
    ['connectivity', c.connectivity],
    ['Argo CD destination', destination],
    ['internal registry', code(c.internalRegistry)],
    ['curated namespace', code(plan.curatedNamespace)],
  ];
  const counts = kindCounts(objects.values());
  return `## Cluster\n\n${table(['setting', 'value'], rows)}\n\n${code(`${c.name}/`)} holds ${objects.size} object${objects.size === 1 ? '' : 's'}: ${countList(counts)}.`;
};

interface TagReference {
  readonly name: string;
  readonly from?: { readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly importPolicy?: { readonly scheduled?: boolean; readonly importMode?: string };
  readonly referencePolicy?: { readonly type?: string };
}

/** Annotations the tooling sets rather than the catalog. */
const TOOLING_ANNOTATION = /^argocd\.argoproj\.io\//;

export const imagesSection: Section = (input) => {
  const streams = objectsOf(input, 'image.openshift.io', 'ImageStream')
    .filter((s) => s.metadata.namespace === input.plan.curatedNamespace)
    .sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
  if (streams.length === 0) return `## Curated images\n\nNo curated ImageStreams in ${code(input.plan.curatedNamespace)}.`;
  const parts = [`## Curated images\n\n${streams.length} ImageStream${streams.length === 1 ? '' : 's'} in ${code(input.plan.curatedNamespace)}.`];
  for (const stream of streams) {
    // Owner, champion, source and rebuild schedule are annotations whose keys the catalog chooses: list them all.
    const annotations = Object.entries(stream.metadata.annotations ?? {})
      .filter(([key]) => !TOOLING_ANNOTATION.test(key))
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([key, value]) => `- ${code(key)}: ${value}`);
    const tags = (field<TagReference[]>(stream, 'spec.tags') ?? []).map((t) => [
      code(t.name),
      t.from ? `${t.from.kind} ${code(`${t.from.namespace ? `${t.from.namespace}/` : ''}${t.from.name}`)}` : NONE,
      t.importPolicy?.scheduled ? 'yes' : 'no',
      t.importPolicy?.importMode ?? NONE,
      t.referencePolicy?.type ?? NONE,
    ]);
    const body = [
      annotations.length > 0 ? annotations.join('\n') : 'No annotations.',
      tags.length > 0 ? table(['tag', 'from', 'scheduled import', 'import mode', 'reference policy'], tags) : 'No tags.',
    ];
    parts.push(`### ${stream.metadata.name}\n\n${body.join('\n\n')}`);
  }
  return parts.join('\n\n');
};

interface SamplesInventory {
  readonly imagestreams: readonly string[];
  readonly templates: readonly string[];
}

let inventory: SamplesInventory | undefined;

/** The Samples Operator's x86_64 inventory vendored in upstream/ (names sorted). */
function samplesInventory(): SamplesInventory {
  inventory ??= JSON.parse(fs.readFileSync(path.join(UPSTREAM_DIR, 'openshift/samples-inventory/inventory.json'), 'utf8')) as SamplesInventory;
  return inventory;
}

export const samplesSection: Section = (input) => {
  const config = objectsOf(input, 'samples.operator.openshift.io', 'Config').find((o) => o.metadata.name === 'cluster');
  if (!config) return `## Samples\n\nThe catalog does not configure the Samples Operator on this cluster (no samples ${code('Config cluster')}): the operator installs its default samples.`;
  const spec = (config.spec ?? {}) as { managementState?: string; samplesRegistry?: string; architectures?: string[]; skippedImagestreams?: string[]; skippedTemplates?: string[] };
  const settings = [
    spec.managementState !== undefined ? `managementState ${code(spec.managementState)}` : undefined,
    spec.samplesRegistry !== undefined ? `samplesRegistry ${code(spec.samplesRegistry)}` : undefined,
    spec.architectures !== undefined ? `architectures ${codes(spec.architectures)}` : undefined,
  ].filter((s) => s !== undefined);
  const head = `## Samples\n\nSamples Operator ${code('Config cluster')}${settings.length > 0 ? `: ${settings.join(', ')}` : ''}.`;
  const skippedStreams = [...(spec.skippedImagestreams ?? [])].sort(compareStrings);
  const skippedTemplates = [...(spec.skippedTemplates ?? [])].sort(compareStrings);
  const skipped = `Skipped image streams: ${codes(skippedStreams)}.\n\nSkipped templates: ${codes(skippedTemplates)}.`;
  if (spec.managementState === 'Removed') return `${head}\n\nThe operator is ${code('Removed')}: it installs no samples.\n\n${skipped}`;
  const { imagestreams, templates } = samplesInventory();
  const keptStreams = imagestreams.filter((n) => !skippedStreams.includes(n));
  const keptTemplates = templates.filter((n) => !skippedTemplates.includes(n));
  const kept = [
    `Kept image streams (${keptStreams.length} of the ${imagestreams.length} in the x86_64 inventory): ${codes(keptStreams)}.`,
    `Kept templates (${keptTemplates.length} of ${templates.length}): ${codes(keptTemplates)}.`,
  ];
  return `${head}\n\n${kept.join('\n\n')}\n\n${skipped}`;
};

const REGISTRY_SOURCE_LISTS = ['allowedRegistries', 'blockedRegistries', 'insecureRegistries', 'containerRuntimeSearchRegistries'];

export const registryPolicySection: Section = (input) => {
  const image = objectsOf(input, 'config.openshift.io', 'Image').find((o) => o.metadata.name === 'cluster');
  if (!image) return `## Registry policy\n\nThe catalog does not manage the cluster image configuration (no ${code('Image cluster')}): the cluster's own settings apply.`;
  const rows: string[][] = [];
  const forImport = field<{ domainName: string; insecure?: boolean }[]>(image, 'spec.allowedRegistriesForImport');
  if (forImport) rows.push(['allowedRegistriesForImport', forImport.length > 0 ? forImport.map((r) => code(r.domainName) + (r.insecure ? ' (insecure)' : '')).join(', ') : NONE]);
  for (const list of REGISTRY_SOURCE_LISTS) {
    const values = field<string[]>(image, `spec.registrySources.${list}`);
    if (values) rows.push([`registrySources.${list}`, codes(values)]);
  }
  const external = field<string[]>(image, 'spec.externalRegistryHostnames');
  if (external) rows.push(['externalRegistryHostnames', codes(external)]);
  const importMode = field<string>(image, 'spec.imageStreamImportMode');
  if (importMode) rows.push(['imageStreamImportMode', code(importMode)]);
  const ca = field<string>(image, 'spec.additionalTrustedCA.name');
  if (ca) {
    const bundle = [...input.objects.values()].find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'openshift-config' && o.metadata.name === ca);
    const hosts = Object.keys(field<Record<string, string>>(bundle, 'data') ?? {}).sort(compareStrings);
    rows.push(['additionalTrustedCA', `ConfigMap ${code(`openshift-config/${ca}`)}${bundle ? `: CAs for ${codes(hosts)}` : ' (not managed by the catalog)'}`]);
  }
  const body = rows.length > 0 ? table(['setting', 'value'], rows) : `${code('Image cluster')} sets no registry policy.`;
  return `## Registry policy\n\nFrom ${code('Image cluster')}:\n\n${body}`;
};

interface Mirror {
  readonly source: string;
  readonly mirrors?: readonly string[];
  readonly mirrorSourcePolicy?: string;
}

export const mirrorsSection: Section = (input) => {
  const rows: string[][] = [];
  for (const [kind, list] of [['ImageDigestMirrorSet', 'imageDigestMirrors'], ['ImageTagMirrorSet', 'imageTagMirrors']] as const) {
    for (const set of objectsOf(input, 'config.openshift.io', kind)) {
      for (const m of field<Mirror[]>(set, `spec.${list}`) ?? []) {
        rows.push([code(m.source), codes(m.mirrors ?? []), m.mirrorSourcePolicy ?? NONE, `${kind} ${code(set.metadata.name)}`]);
      }
    }
  }
  if (rows.length === 0) return '## Mirrors\n\nNo ImageDigestMirrorSet or ImageTagMirrorSet.';
  rows.sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(a[3], b[3]));
  return `## Mirrors\n\n${table(['source', 'mirrors (in order)', 'mirrorSourcePolicy', 'set'], rows)}`;
};

export const warningsSection: Section = ({ findings }) => {
  if (findings.length === 0) return '## Warnings\n\nNo warnings.';
  const items = findings.map((f) => {
    const where = f.field ? `${f.file}: ${f.field}` : f.file;
    return `- ${f.severity} ${code(f.rule)} at ${code(where)}${f.cluster === undefined ? ' (fleet-wide)' : ''}: ${f.message}. Fix: ${f.fix}.`;
  });
  return `## Warnings\n\n${items.join('\n')}`;
};
