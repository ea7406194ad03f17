import { defineImage } from '../../src/model';

/** The platform's preferred highly available PostgreSQL: Patroni with PostgreSQL on UBI. */
export default defineImage({
  name: 'patroni',
  owner: 'Jason (Platform Services)',
  description: 'Highly available PostgreSQL managed by Patroni, configured for OpenShift StatefulSets.',
  source: 'https://github.com/BCDevOps/platform-services',
  rebuildSchedule: '0 3 * * 1',
  display: {
    displayName: 'Patroni (PostgreSQL)',
    iconClass: 'icon-postgresql',
    tags: ['database', 'postgresql'],
    supports: ['postgresql:15', 'postgresql'],
  },
  // renovate: datasource=pypi depName=patroni
  versions: [{ version: '3.2.2', deprecated: true }, { version: '3.3.2' }, { version: '4.0.3' }],
  tracking: { stable: '3.3.2' },
});
