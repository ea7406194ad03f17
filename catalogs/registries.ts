import { defineRegistries } from '../src/model';

/** Registry policy of the BC Gov fleet. */
export default defineRegistries({
  // Artifactory: the lab cluster publishes curated images here; every other cluster imports them from here.
  distribution: { registry: 'artifacts.developer.gov.bc.ca', repository: 'bcgov-docker-local' },
});
