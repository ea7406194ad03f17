import { defineImage } from '../../src/model';

/** The community backup container: scheduled database dumps with verification and retention. */
export default defineImage({
  name: 'backup-container',
  owner: 'Wade (community maintainer)',
  community: true,
  champion: 'Steven (Platform Services)',
  description: 'Scheduled backups of PostgreSQL, MariaDB and MongoDB databases, with restore verification and rotation.',
  source: 'https://github.com/BCDevOps/backup-container',
  rebuildSchedule: '0 3 * * 2',
  display: {
    displayName: 'Backup Container',
    iconClass: 'fa fa-archive',
    tags: ['backup', 'database'],
    supports: ['mariadb', 'mongodb', 'postgresql'],
  },
  // renovate: datasource=github-releases depName=BCDevOps/backup-container extractVersion=^v?(?<version>\d+\.\d+\.\d+)$
  versions: [{ version: '2.8.1' }, { version: '2.9.0' }],
  tracking: { stable: '2.8.1' },
});
