import type { CatalogSources } from './catalog';
import { crossFileProblem, parseValue } from './catalog';
import { didYouMean } from './_closest';
import type { CatalogProblem } from './catalog-error';
import type { Fleet } from './fleet';
import { icspLocation, imageContentSourcePolicySchema, type LegacyMirrorPolicy } from './image-content-source-policy';
import type { Registries } from './registries';

/** The ICSP files under `<root>/icsp/`, in path order. */
export function icspFiles(root: string, sources: CatalogSources): string[] {
  return [...sources.keys()].filter((file) => icspLocation(root, file) !== undefined).sort();
}

/** Parses every ICSP file; problems are collected, not thrown. */
export function parseIcspFiles(root: string, sources: CatalogSources, problems: CatalogProblem[]): LegacyMirrorPolicy[] {
  const out: LegacyMirrorPolicy[] = [];
  for (const file of icspFiles(root, sources)) {
    const policy = parseValue(
      file,
      sources.get(file),
      imageContentSourcePolicySchema,
      problems,
      'an ImageContentSourcePolicy (operator.openshift.io/v1alpha1)',
    );
    if (policy) out.push({ file, ...icspLocation(root, file), policy });
  }
  return out;
}

/** Cluster names used by the registry policy and the ICSP folders must be clusters of the fleet. */
export function registriesCrossFileProblems(
  fleet: Fleet,
  registries: Registries,
  registriesFile: string,
  icsps: readonly LegacyMirrorPolicy[],
): CatalogProblem[] {
  const names = fleet.clusters.map((c) => c.name);
  const known = `a cluster of the fleet: ${names.join(', ')}`;
  const problems: CatalogProblem[] = [];
  for (const name of Object.keys(registries.clusters).sort()) {
    if (names.includes(name)) continue;
    problems.push(
      crossFileProblem(
        registriesFile,
        `clusters.${name}`,
        known,
        JSON.stringify(name),
        didYouMean(name, names, 'rename it to a cluster of catalogs/fleet.ts or remove the override'),
      ),
    );
  }
  for (const icsp of icsps) {
    if (icsp.cluster === undefined || names.includes(icsp.cluster)) continue;
    problems.push(
      crossFileProblem(
        icsp.file,
        '',
        `a folder named after ${known}`,
        `folder ${JSON.stringify(icsp.cluster)}`,
        didYouMean(icsp.cluster, names, 'move the file to icsp/<cluster>/ for one cluster, or to icsp/ for every cluster'),
      ),
    );
  }
  return problems;
}
