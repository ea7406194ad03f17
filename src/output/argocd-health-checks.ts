import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifestFile } from './serialize';

/**
 * Argo CD health checks, under `argocd/`: a folder whose name cannot be a namespace, holding no
 * `.yaml`, `.yml`, `.json` or `.jsonnet` file, so neither Argo CD (argo-cd
 * `reposerver/repository/repository.go` `manifestFile`) nor `kubectl apply -R` reads it as manifests.
 */
export const HEALTH_CHECKS_FOLDER = 'argocd/_health-checks';

/** Health checks by `<group>_<kind>`, the suffix of their argocd-cm key. */
const HEALTH_CHECKS: ReadonlyArray<{ readonly group: string; readonly kind: string }> = [{ group: 'image.openshift.io', kind: 'ImageStream' }];

/** The Lua sources sit beside this file in `src/output/argocd-health/` (two folders below the root, bundled or not). */
function luaSource(group: string, kind: string): string {
  return fs.readFileSync(path.resolve(__dirname, '../../src/output/argocd-health', `${group}_${kind}.lua`), 'utf8');
}

/**
 * Each check as a Lua file, plus the two merge patches that install all of them: one for the
 * `argocd-cm` ConfigMap (`resource.customizations.health.<group>_<kind>`), one for the OpenShift
 * GitOps `ArgoCD` resource (`spec.resourceHealthChecks`).
 */
export function healthCheckFiles(): Map<string, string> {
  const checks = HEALTH_CHECKS.map(({ group, kind }) => ({ group, kind, check: luaSource(group, kind) }));
  const files = new Map<string, string>();
  for (const { group, kind, check } of checks) files.set(`${HEALTH_CHECKS_FOLDER}/${group}_${kind}.lua`, check);
  files.set(
    `${HEALTH_CHECKS_FOLDER}/argocd-cm.patch`,
    manifestFile({ data: Object.fromEntries(checks.map((c) => [`resource.customizations.health.${c.group}_${c.kind}`, c.check])) }),
  );
  files.set(`${HEALTH_CHECKS_FOLDER}/argocd-cr.patch`, manifestFile({ spec: { resourceHealthChecks: checks } }));
  return files;
}
