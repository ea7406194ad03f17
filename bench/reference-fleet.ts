import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FleetInput, ImageInput, JenkinsTemplateInput, RegistriesInput, SamplesInput } from '../src/model';

/**
 * The benchmark's reference fleet, as catalog sources (`parseCatalog('catalogs', sources)`): `clusters`
 * clusters (one lab cluster that builds, every 4th a test cluster, every 10th disconnected), each with
 * the full Samples Operator inventory under a keep-list, 40 curated images of 3 versions in 2 variants,
 * 10 mirror sets (5 digest, 5 tag) and both Jenkins templates.
 */
export const REFERENCE = {
  images: 40,
  versionsPerImage: 3,
  variantsPerVersion: 2,
  digestMirrorSources: ['docker.io', 'gcr.io', 'ghcr.io', 'quay.io', 'registry.redhat.io'],
  tagMirrorSources: ['docker.io', 'gcr.io', 'ghcr.io', 'quay.io', 'registry.redhat.io'],
  templates: ['jenkins-ephemeral', 'jenkins-persistent'],
} as const;

const DISTRIBUTION = 'artifacts.example.com';
const MIRROR = (source: string) => `${DISTRIBUTION}/${source.replace(/\./g, '-')}-remote`;

export function clusterName(index: number): string {
  return `c${String(index + 1).padStart(3, '0')}`;
}

function fleet(clusters: number): FleetInput {
  return {
    curatedNamespace: 'curated',
    curation: { buildNamespace: 'curated-tools', annotationDomain: 'images.example.com' },
    gitops: { repoURL: 'https://git.example.com/platform/images.git' },
    clusters: Array.from({ length: clusters }, (_, i) => {
      const name = clusterName(i);
      return {
        name,
        openshiftVersion: i % 2 === 0 ? '4.23' : '4.22',
        role: i === 0 ? 'build' : 'consumer',
        environment: i === 0 ? 'lab' : i % 4 === 0 ? 'test' : 'prod',
        architectures: i === 0 ? ['x86_64', 'aarch64'] : ['x86_64'],
        connectivity: i % 10 === 9 ? 'disconnected' : 'connected',
        destination: i % 3 === 0 ? { name } : { server: `https://api.${name}.example.com:6443` },
      };
    }),
  };
}

function registries(clusters: number): RegistriesInput {
  const disconnected = Array.from({ length: clusters }, (_, i) => i)
    .filter((i) => i % 10 === 9)
    .map(clusterName);
  return {
    distribution: { registry: DISTRIBUTION, repository: 'platform-images' },
    allowedRegistriesForImport: [
      { domainName: DISTRIBUTION },
      { domainName: 'quay.io' },
      { domainName: 'registry.access.redhat.com' },
      { domainName: 'registry.redhat.io' },
    ],
    containerRuntimeSearchRegistries: [DISTRIBUTION],
    imageDigestMirrors: REFERENCE.digestMirrorSources.map((source) => ({ source, mirrors: [MIRROR(source)] })),
    imageTagMirrors: REFERENCE.tagMirrorSources.map((source) => ({ source, mirrors: [MIRROR(source)] })),
    clusters: Object.fromEntries(
      disconnected.map((name) => [
        name,
        {
          allowedRegistries: [DISTRIBUTION, 'image-registry.openshift-image-registry.svc:5000', 'quay.io', 'registry.redhat.io'],
          imageDigestMirrors: REFERENCE.digestMirrorSources.map((source) => ({
            source,
            mirrors: [MIRROR(source)],
            mirrorSourcePolicy: 'NeverContactSource' as const,
          })),
          // one policy per source across digest and tag mirrors, or the Machine Config Operator renders nothing
          imageTagMirrors: REFERENCE.tagMirrorSources.map((source) => ({
            source,
            mirrors: [MIRROR(source)],
            mirrorSourcePolicy: 'NeverContactSource' as const,
          })),
        },
      ]),
    ),
  };
}

function samples(clusters: number): SamplesInput {
  const disconnected = Array.from({ length: clusters }, (_, i) => i)
    .filter((i) => i % 10 === 9)
    .map(clusterName);
  return {
    keepImagestreams: ['dotnet', 'golang', 'java', 'mysql', 'nginx', 'nodejs', 'postgresql', 'python', 'redis', 'ruby'],
    keepTemplates: ['nginx-example', 'nodejs-postgresql-example'],
    // The operator imports directly from the samples registry: on a disconnected cluster, the mirror.
    clusters: Object.fromEntries(disconnected.map((name) => [name, { samplesRegistry: DISTRIBUTION }])),
  };
}

function image(index: number): ImageInput {
  const name = index === 0 ? 'jenkins' : index === 1 ? 'jenkins-agent-base' : `image-${String(index).padStart(2, '0')}`;
  const versions = Array.from({ length: REFERENCE.versionsPerImage }, (_, v) => ({
    version: `${(index % 5) + 1}.${v}.0`,
    variants: ['aws', 'azure'].slice(0, REFERENCE.variantsPerVersion).map((id, k) => ({ id, version: `1.${k}.${v}` })),
    deprecated: v === 0,
  }));
  return {
    name,
    owner: `team-${index % 7}`,
    description: `Curated image number ${index} of the reference fleet.`,
    source: `https://git.example.com/images/${name}`,
    rebuildSchedule: `0 ${index % 24} * * ${index % 7}`,
    display: { displayName: `Image ${index}`, iconClass: 'icon-openshift', tags: ['builder', `group-${index % 5}`], supports: [`${name}:1`, name] },
    versions,
    tracking: { stable: `${versions[1].version}-aws${versions[1].variants[0].version}` },
  };
}

function template(name: string): JenkinsTemplateInput {
  return {
    name,
    displayName: name === 'jenkins-persistent' ? 'Jenkins' : 'Jenkins (Ephemeral)',
    description: `Jenkins (${name}) running the curated Jenkins image.`,
    imageStreamTag: 'jenkins:stable',
    agentImageStreamTag: 'jenkins-agent-base:stable',
    tags: ['instant-app', 'jenkins'],
    providerDisplayName: 'Platform team',
    documentationUrl: 'https://github.com/openshift/jenkins',
    resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    ...(name === 'jenkins-persistent' ? { volumeCapacity: '5Gi' } : {}),
  };
}

/** The reference fleet's catalog sources, keyed `<root>/<file>` as `parseCatalog(root, sources)` expects. */
export function referenceFleet(clusters: number, root = 'catalogs'): Map<string, unknown> {
  return new Map<string, unknown>([
    [`${root}/fleet.ts`, fleet(clusters)],
    [`${root}/registries.ts`, registries(clusters)],
    [`${root}/samples.ts`, samples(clusters)],
    ...Array.from({ length: REFERENCE.images }, (_, i): [string, unknown] => {
      const value = image(i);
      return [`${root}/images/${value.name}.ts`, value];
    }),
    ...REFERENCE.templates.map((name): [string, unknown] => [`${root}/templates/${name}.ts`, template(name)]),
  ]);
}

/** Writes the sources as a catalog folder (one `export default {...}` module per file) under `dir`. */
export function writeCatalog(dir: string, sources: ReadonlyMap<string, unknown>, root = 'catalogs'): void {
  for (const [file, value] of sources) {
    const target = path.join(dir, path.relative(root, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `export default ${JSON.stringify(value, null, 2)};\n`);
  }
}
