import { defineImage } from '../../src/model';

/**
 * Velero with the AWS/S3 object-storage plugin built in, one image per configuration variant
 * (tag <velero version>-aws<plugin version>), so no plugin is fetched at run time.
 */
export default defineImage({
  name: 'velero',
  owner: 'Justin (Platform Services)',
  description: 'Velero backup and restore with the AWS/S3 object-storage plugin built in.',
  source: 'https://github.com/BCDevOps/velero-images',
  rebuildSchedule: '0 5 * * 5',
  display: { displayName: 'Velero', iconClass: 'fa fa-archive', tags: ['backup'], supports: ['s3'] },
  // renovate: datasource=docker depName=velero/velero extractVersion=^v(?<version>\d+\.\d+\.\d+)$
  // renovate-variant: datasource=docker depName=velero/velero-plugin-for-aws extractVersion=^v(?<version>\d+\.\d+\.\d+)$
  versions: [
    { version: '1.13.2', variants: [{ id: 'aws', version: '1.9.2' }] },
    { version: '1.14.1', variants: [{ id: 'aws', version: '1.10.1' }] },
  ],
});
