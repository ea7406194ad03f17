import { DEFAULT_REGISTRY_CAS_NAME, OPENSHIFT_CONFIG_NAMESPACE } from '../constructs/trusted-registry-cas';
import type { ExternalSecretSource, SamplesManagementState } from '../model';
import {
  type ClusterRegistries,
  type ImageStreamPlan,
  jenkinsAgentImage,
  type MirrorSet,
  type PlannedImageTag,
  type SamplesPlan,
  type TemplatePlan,
} from '../plan';
import { imageSetConfigurationPath } from './imageset-configuration';
import { code, countList, table } from '../shared';
import type { ClusterReportInput } from './report';

/**
 * A piece of a cluster report: text of the cluster's own, or a pure function of plan parts that many
 * clusters have alike, which the report renders and encodes once per distinct parts (`ReportChunks`).
 */
export type Piece = string | SharedPiece;

export interface SharedPiece {
  /** A module-level function reading nothing but its arguments: the memo is keyed by it and by `parts`. */
  readonly render: (...parts: never) => string;
  readonly parts: readonly object[];
}

/** `render(...parts)`, rendered once per distinct `render` and `parts` objects. */
export function shared<P extends readonly object[]>(render: (...parts: P) => string, ...parts: P): SharedPiece {
  return { render, parts };
}

export function pieceText(piece: Piece): string {
  return typeof piece === 'string' ? piece : (piece.render as (...parts: readonly object[]) => string)(...piece.parts);
}

/** One section of a cluster report, a function of the report's input: its pieces, joined by a blank line. */
export type Section = (input: ClusterReportInput) => readonly Piece[];

/** A section as text. */
export function sectionText(section: Section, input: ClusterReportInput): string {
  return section(input).map(pieceText).join('\n\n');
}

const NONE = '—';

function codes(values: readonly string[]): string {
  return values.length > 0 ? values.map(code).join(', ') : NONE;
}

function count(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export const clusterSection: Section = ({ plan, objectCounts }) => {
  const c = plan.cluster;
  const destination = 'server' in c.destination ? `server ${code(c.destination.server)}` : `name ${code(c.destination.name)}`;
  const rows = [
    ['environment', c.environment],
    ['role', c.role],
    ['OpenShift', c.openshiftVersion],
    ['architectures', c.architectures.join(', ')],
    ['connectivity', c.connectivity],
    ...(c.disabledCapabilities.length > 0 ? [['disabled capabilities', codes(c.disabledCapabilities)]] : []),
    ['Argo CD destination', destination],
    ['internal registry', code(c.internalRegistry)],
    ['curated namespace', code(plan.curatedNamespace)],
  ];
  const total = objectCounts.reduce((sum, k) => sum + k.count, 0);
  return [
    `## Cluster\n\n${table(['setting', 'value'], rows)}\n\n${code(`${c.name}/`)} ` + `holds ${count(total, 'object')}: ${countList(objectCounts)}.`,
  ];
};

function tagName(tag: PlannedImageTag): string {
  return tag.deprecated ? `${code(tag.name)} (deprecated)` : code(tag.name);
}

function tagSource(tag: PlannedImageTag): string {
  return `DockerImage ${code(tag.from.name)}`;
}

/** When the cluster fetches the tag's image again: every version tag is scheduled (src/plan/images.ts). */
function tagImport(): string {
  return 'on a schedule';
}

function imageOverviewRow(s: ImageStreamPlan): string[] {
  return [
    code(`${s.namespace}/${s.name}`),
    s.champion === undefined ? s.owner : `${s.owner}; champion ${s.champion}`,
    s.tags.map(tagName).join(', ') || NONE,
    s.trackingTags.map((t) => `${code(t.name)} → ${code(t.tag)}`).join(', ') || NONE,
    code(s.rebuildSchedule),
    s.sourceRepository,
  ];
}

function imageTags(s: ImageStreamPlan): string {
  const rows = [
    ...s.tags.map((t) => [tagName(t), tagSource(t), tagImport()]),
    ...s.trackingTags.map((t) => [code(t.name), `tag ${code(t.tag)} of this stream`, 'follows it']),
  ];
  return `### ${s.name}\n\n${s.displayName}: ${s.description} (${code(s.file)})\n\n${table(['tag', 'from', 'import'], rows)}`;
}

export const imagesSection: Section = ({ plan }) => [shared(curatedImages, plan.imageStreams)];

function curatedImages(streams: readonly ImageStreamPlan[]): string {
  if (streams.length === 0) return '## Curated images\n\nThe catalog curates no images.';
  const modes = distinct(streams.flatMap((s) => s.tags.map((t) => t.importPolicy.importMode)));
  const intro =
    `${count(streams.length, 'ImageStream')}. Tags are pulled through the internal registry (referencePolicy ${code('Local')})` +
    (modes.length > 0 ? ` and import in mode ${codes(modes)}.` : '.');
  const overview = table(['ImageStream', 'owner', 'version tags', 'tracking tags', 'rebuild schedule', 'source'], streams.map(imageOverviewRow));
  return ['## Curated images', intro, overview, ...streams.map(imageTags)].join('\n\n');
}

const MANAGEMENT_STATES: Readonly<Record<SamplesManagementState, string>> = {
  Managed: 'the operator installs the kept samples in `openshift` and keeps them updated',
  Unmanaged: 'the operator leaves the samples in `openshift` as they are, installing and updating nothing',
  Removed: 'the operator installs no samples and removes the ones it installed',
};

/** What the keep-list means in each state. */
const KEPT_WHILE: Readonly<Record<SamplesManagementState, string>> = {
  Managed: '',
  Unmanaged: ', not updated while `Unmanaged`',
  Removed: ', installed once the operator is `Managed` again',
};

export const samplesSection: Section = ({ plan }) => {
  if (plan.samples !== undefined) return [shared(samplesConfig, plan.samples)];
  return [
    `## Samples\n\nThe ${code('openshift-samples')} capability is ` +
      `disabled on ${plan.cluster.name} (the fleet's ${code('disabledCapabilities')}): ` +
      `no Samples Operator runs, so the cluster gets no Samples Operator ${code('Config')} ` +
      `and the catalog's samples settings do not apply to it.`,
  ];
};

function samplesConfig(s: SamplesPlan): string {
  const streams = s.keptImagestreams.length + s.skippedImagestreams.length;
  const templates = s.keptTemplates.length + s.skippedTemplates.length;
  const settings = table(
    ['setting', 'value', 'catalog field'],
    [
      ['managementState', `${code(s.managementState)}: ${MANAGEMENT_STATES[s.managementState]}`, code(s.managementStateField)],
      [
        'samplesRegistry',
        s.samplesRegistry === undefined ? 'not set: each sample imports from the registry its own tags name' : code(s.samplesRegistry),
        code(s.samplesRegistryField),
      ],
      ['kept image streams import from', s.importRegistries.map((i) => `${code(i.registry)} (${i.imagestreams.length})`).join(', ') || NONE, NONE],
      ['architectures', codes(s.architectures), `the cluster's first architecture`],
      ['inventory', `${code(s.inventoryFile)}: ${count(streams, 'image stream')}, ${count(templates, 'template')}`, NONE],
    ],
  );
  const parts = [
    '## Samples',
    `Samples Operator ${code('Config cluster')}: every sample of the inventory that the catalog does not keep is skipped.`,
    settings,
    `Kept image streams (${s.keptImagestreams.length} of ${streams})${KEPT_WHILE[s.managementState]}: ${codes(s.keptImagestreams)}.`,
    `Kept templates (${s.keptTemplates.length} of ${templates})${KEPT_WHILE[s.managementState]}: ${codes(s.keptTemplates)}.`,
  ];
  if (s.autoSkipped.length > 0) {
    const rows = s.autoSkipped.map((a) => [
      a.kind,
      code(a.name),
      `${code(`${a.file}: ${a.field}`)}${a.keptAt === undefined ? '' : `, although kept at ${code(a.keptAt)}`}`,
    ]);
    parts.push(
      `Skipped because the catalog places its own object in ${code('openshift')} under the same name:`,
      table(['kind', 'name', 'catalog object'], rows),
    );
  }
  parts.push(
    `Skipped image streams (${s.skippedImagestreams.length}): ${codes(s.skippedImagestreams)}.`,
    `Skipped templates (${s.skippedTemplates.length}): ${codes(s.skippedTemplates)}.`,
  );
  return parts.join('\n\n');
}

export const registryPolicySection: Section = ({ plan }) => [shared(registryPolicy, plan.registries)];

function registryPolicy(r: ClusterRegistries): string {
  const unset = (what: string) => `not set: ${what}`;
  const list = (values: readonly string[], empty: string) => (values.length > 0 ? codes(values) : empty);
  const cas = r.additionalTrustedCAs.map((ca) => ca.registry);
  const waivers = Object.keys(r.insecureWaivers).sort();
  const rows = [
    [
      'allowedRegistriesForImport',
      r.allowedRegistriesForImport.length > 0
        ? r.allowedRegistriesForImport.map((l) => code(l.domainName) + (l.insecure ? ' (insecure)' : '')).join(', ')
        : unset('any registry'),
      code(r.fields.allowedRegistriesForImport),
    ],
    ['allowedRegistries', list(r.allowedRegistries, unset('any registry not blocked')), code(r.fields.allowedRegistries)],
    ['blockedRegistries', list(r.blockedRegistries, unset('none blocked')), code(r.fields.blockedRegistries)],
    ['insecureRegistries', list(r.insecureRegistries, NONE), code(r.fields.insecureRegistries)],
    ['containerRuntimeSearchRegistries', list(r.containerRuntimeSearchRegistries, NONE), code(r.fields.containerRuntimeSearchRegistries)],
    [
      'additionalTrustedCAs',
      cas.length > 0 ? `${codes(cas)} (ConfigMap ${code(`${OPENSHIFT_CONFIG_NAMESPACE}/${DEFAULT_REGISTRY_CAS_NAME}`)})` : NONE,
      code(r.fields.additionalTrustedCAs),
    ],
    [
      'insecureWaivers',
      waivers.length > 0 ? waivers.map((w) => `${code(w)}: ${r.insecureWaivers[w]}`).join('; ') : NONE,
      code(r.fields.insecureWaivers),
    ],
  ];
  return `## Registry policy\n\n${code('Image cluster')}, from ${code(r.file)}:\n\n${table(['setting', 'value', 'catalog field'], rows)}`;
}

/** How each namespace that imports from a registry needing credentials gets its pull secret. */
export const pullSecretsSection: Section = ({ plan }) => [shared(pullSecrets, plan.registries)];

function pullSecrets(r: ClusterRegistries): string {
  const parts = ['## Pull secrets'];
  if (r.pullSecrets.length === 0) {
    parts.push('No ImageStream imports from a registry that requires credentials or has a pull secret in the catalog.');
    return parts.join('\n\n');
  }
  parts.push("ImageStream imports use the pull secrets (Secret types dockercfg and dockerconfigjson) of the stream's namespace.");
  const rows = r.pullSecrets.map((p) => {
    const how =
      p.secret === undefined
        ? '**none**: the imports fail as unauthorized'
        : p.secret.externalSecret
          ? externalSecretSource(p.namespace, p.secret.secretName, p.secret.externalSecret)
          : `Secret ${code(`${p.namespace}/${p.secret.secretName}`)}, provisioned out of band: ${p.secret.provisionedOutOfBand ?? NONE}`;
    return [
      code(p.namespace),
      code(p.registry) + (p.required ? ' (requires credentials)' : ''),
      how,
      count(p.usedBy.length, 'tag'),
      p.secret === undefined ? code(r.fields.pullSecrets) : code(p.secret.field),
    ];
  });
  parts.push(table(['namespace', 'registry', 'pull secret', 'imports', 'catalog field'], rows));
  return parts.join('\n\n');
}

function externalSecretSource(namespace: string, secretName: string, source: ExternalSecretSource): string {
  const property = source.property === undefined ? '' : ` property ${code(source.property)}`;
  return (
    `ExternalSecret ${code(`${namespace}/${secretName}`)} from ${source.secretStoreRef.kind} ${code(source.secretStoreRef.name)} ` +
    `key ${code(source.key)}${property}, every ${source.refreshInterval}`
  );
}

function mirrorRows(kind: string, sets: readonly MirrorSet[]): string[][] {
  return sets.flatMap((set) =>
    set.rules.map((m) => [
      `${kind} ${code(set.name)}`,
      code(m.source),
      codes(m.mirrors),
      m.mirrorSourcePolicy ?? NONE,
      code(`${m.file}: ${m.field}`),
    ]),
  );
}

export const mirrorsSection: Section = ({ plan }) => {
  const pieces: Piece[] = [shared(mirrorSets, plan.registries)];
  if (plan.registries.disconnected)
    pieces.push(
      `The cluster is disconnected: the images it gets through these ` +
        `mirrors are listed for oc-mirror in ${code(imageSetConfigurationPath(plan.cluster.name))}.`,
    );
  return pieces;
};

function mirrorSets(r: ClusterRegistries): string {
  const rows = [...mirrorRows('ImageDigestMirrorSet', r.imageDigestMirrorSets), ...mirrorRows('ImageTagMirrorSet', r.imageTagMirrorSets)];
  return [
    '## Mirrors',
    rows.length > 0
      ? table(['set', 'source', 'mirrors (most preferred first)', 'mirrorSourcePolicy', 'catalog entry'], rows)
      : 'No ImageDigestMirrorSet or ImageTagMirrorSet.',
  ].join('\n\n');
}

/** `bcgov/jenkins:stable`, with the version tag a tracking tag follows: `bcgov/jenkins:stable` → `2.452.4`. */
function templateImage(imageStreams: readonly ImageStreamPlan[], t: TemplatePlan): string {
  const [stream, tag] = t.imageStreamTag.split(':');
  const followed = imageStreams.find((s) => s.namespace === t.imageStreamNamespace && s.name === stream)?.trackingTags.find((k) => k.name === tag);
  const name = code(`${t.imageStreamNamespace}/${t.imageStreamTag}`);
  return followed === undefined ? name : `${name} → ${code(followed.tag)}`;
}

/** The ImageStream tag Jenkins's built-in agent pods run (AGENT_BASE_IMAGE), and where that is decided. */
function agentImage(t: TemplatePlan): string {
  const agent = jenkinsAgentImage(t);
  const tag = code(`${agent.namespace}/${agent.imageStreamTag}`);
  return t.agentImageStreamTag === undefined ? `${tag} (the Jenkins image's default)` : tag;
}

function templateRow(imageStreams: readonly ImageStreamPlan[], t: TemplatePlan): string[] {
  const { requests, limits } = t.resources;
  return [
    code(`${t.namespace}/${t.name}`),
    t.displayName,
    templateImage(imageStreams, t),
    agentImage(t),
    `cpu ${code(requests.cpu)}, memory ${code(requests.memory)}`,
    [limits.cpu === undefined ? undefined : `cpu ${code(limits.cpu)}`, `memory ${code(limits.memory)}`].filter((l) => l !== undefined).join(', '),
    t.volumeCapacity === undefined ? 'none (ephemeral)' : code(t.volumeCapacity),
    code(t.file),
  ];
}

export const templatesSection: Section = ({ plan }) => [shared(templates, plan.templates, plan.imageStreams)];

function templates(plans: readonly TemplatePlan[], imageStreams: readonly ImageStreamPlan[]): string {
  if (plans.length === 0) return '## Templates\n\nThe catalog publishes no templates.';
  const rows = plans.map((t) => templateRow(imageStreams, t));
  const header = ['Template', 'display name', 'runs ImageStream tag', 'agent pods run', 'requests', 'limits', 'storage', 'catalog file'];
  return `## Templates\n\nRequests, limits and storage are the defaults of the template's parameters.\n\n${table(header, rows)}`;
}

export const warningsSection: Section = ({ findings }) => {
  if (findings.length === 0) return ['## Warnings\n\nNo warnings.'];
  const items = findings.map((f) => {
    const where = f.field ? `${f.file}: ${f.field}` : f.file;
    return `- ${code(f.rule)} at ${code(where)}${f.cluster === undefined ? ' (fleet-wide)' : ''}: ${f.message}. Fix: ${f.fix}.`;
  });
  return [`## Warnings\n\n${items.join('\n')}`];
};
