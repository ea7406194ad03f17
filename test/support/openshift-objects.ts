/**
 * Objects of the kinds other areas emit, in their upstream API shapes (validated against upstream/
 * in the tests that use them), for testing the reviewer tools on their own.
 */
import type { ManifestObject } from '../../src/output';

export interface Tag {
  readonly name: string;
  readonly from?: { readonly kind: 'DockerImage' | 'ImageStreamTag'; readonly name: string; readonly namespace?: string };
  readonly importPolicy?: { readonly scheduled?: boolean; readonly importMode?: 'Legacy' | 'PreserveOriginal' };
  readonly referencePolicy?: { readonly type: 'Source' | 'Local' };
}

export function imageStream(
  name: string,
  tags: readonly Tag[],
  options: { namespace?: string; annotations?: Record<string, string> } = {},
): ManifestObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: options.namespace ?? 'bcgov', ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: { lookupPolicy: { local: false }, tags: tags.map((t) => ({ ...t })) },
  };
}

/** A tag importing an image from a registry, with the fields Argo CD would otherwise see as drift. */
export function dockerTag(name: string, image: string, scheduled = false): Tag {
  return { name, from: { kind: 'DockerImage', name: image }, importPolicy: { scheduled, importMode: 'Legacy' }, referencePolicy: { type: 'Local' } };
}

export function aliasTag(name: string, target: string): Tag {
  return { name, from: { kind: 'ImageStreamTag', name: target }, importPolicy: { importMode: 'Legacy' }, referencePolicy: { type: 'Local' } };
}

export function imageConfig(spec: Record<string, unknown>): ManifestObject {
  return { apiVersion: 'config.openshift.io/v1', kind: 'Image', metadata: { name: 'cluster' }, spec };
}

export interface Mirror {
  readonly source: string;
  readonly mirrors: readonly string[];
  readonly mirrorSourcePolicy?: 'NeverContactSource' | 'AllowContactingSource';
}

export function digestMirrorSet(name: string, mirrors: readonly Mirror[]): ManifestObject {
  return {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ImageDigestMirrorSet',
    metadata: { name },
    spec: { imageDigestMirrors: mirrors.map((m) => ({ ...m, mirrors: [...m.mirrors] })) },
  };
}

export function tagMirrorSet(name: string, mirrors: readonly Mirror[]): ManifestObject {
  return {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ImageTagMirrorSet',
    metadata: { name },
    spec: { imageTagMirrors: mirrors.map((m) => ({ ...m, mirrors: [...m.mirrors] })) },
  };
}

export function samplesConfig(spec: {
  managementState?: string;
  skippedImagestreams?: string[];
  skippedTemplates?: string[];
  samplesRegistry?: string;
  architectures?: string[];
}): ManifestObject {
  return {
    apiVersion: 'samples.operator.openshift.io/v1',
    kind: 'Config',
    metadata: { name: 'cluster' },
    spec: { managementState: 'Managed', ...spec },
  };
}

export interface Parameter {
  readonly name: string;
  readonly value?: string;
  readonly generate?: 'expression';
  readonly from?: string;
  readonly required?: boolean;
  readonly description?: string;
}

export function template(name: string, parameters: readonly Parameter[], objects: readonly object[], namespace = 'openshift'): ManifestObject {
  return {
    apiVersion: 'template.openshift.io/v1',
    kind: 'Template',
    metadata: { name, namespace },
    parameters: parameters.map((p) => ({ ...p })),
    objects: [...objects],
  };
}

export function configMap(namespace: string, name: string, data: Record<string, string>): ManifestObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

/** A PEM block that looks like a certificate; its body tells two apart. */
export function pem(body: string): string {
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
