import { z } from 'zod';
import { matching } from './_schema';

/** `host[:port]`, as registries are named in image references. */
export const registryHost = matching(
  /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:\d{1,5})?$/,
  'a registry host name with an optional port, e.g. "artifacts.example.com" or "registry.local:5000"',
  () => 'write only host[:port], without scheme or path',
);

export const registriesSchema = z.strictObject({
  /**
   * Where consumer clusters import the curated images from (e.g. Artifactory): the lab cluster
   * pushes there, every other cluster imports `<registry>/<repository>/<image>:<tag>`.
   */
  distribution: z.strictObject({
    registry: registryHost,
    /** Repository path under the registry, e.g. `bcgov-docker-local`. */
    repository: matching(/^[a-z0-9]+([._\-/][a-z0-9]+)*$/, 'a repository path: lowercase segments separated by "/", e.g. "bcgov-docker-local"', () => 'remove the registry host, leading "/" and capitals'),
  }),
});

export type RegistriesInput = z.input<typeof registriesSchema>;
export type Registries = z.output<typeof registriesSchema>;

/** Typed identity: gives editor completion and type checks in `catalogs/registries.ts`. */
export function defineRegistries(registries: RegistriesInput): RegistriesInput {
  return registries;
}
