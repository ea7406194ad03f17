import { defineImage } from '../../src/model';

/** Source-to-image builder serving static sites with Caddy; Caddy 1 is kept for teams still on it. */
export default defineImage({
  name: 'caddy-s2i',
  owner: 'Patrick (Platform Services)',
  description: 'Build and serve static web content with the Caddy web server (S2I builder).',
  source: 'https://github.com/BCDevOps/s2i-caddy',
  rebuildSchedule: '30 2 * * 3',
  display: { displayName: 'Caddy', iconClass: 'icon-go-gopher', tags: ['builder', 'caddy', 'static'], supports: ['caddy', 'static'] },
  // renovate: datasource=docker depName=caddy
  versions: [{ version: '1.0.5', deprecated: true }, { version: '2.7.6' }, { version: '2.8.4' }],
  tracking: { stable: '2.7.6' },
});
