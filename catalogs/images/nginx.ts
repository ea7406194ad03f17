import { defineImage } from '../../src/model';

/** nginx S2I builder and reverse proxy. */
export default defineImage({
  name: 'nginx',
  owner: 'Steven (Platform Services)',
  description: 'Build and serve static content, or proxy to other services, with nginx (S2I builder).',
  source: 'https://github.com/BCDevOps/s2i-nginx',
  rebuildSchedule: '0 5 * * 4',
  display: { displayName: 'nginx', iconClass: 'icon-nginx', tags: ['builder', 'nginx'], supports: ['nginx:1.26', 'nginx'] },
  // renovate: datasource=docker depName=nginx
  versions: [{ version: '1.24.0' }, { version: '1.26.2' }],
  tracking: { stable: '1.24.0' },
});
