import { defineImage } from '../../src/model';

/** S3-compatible object storage for team workloads; versions follow the MinIO release date. */
export default defineImage({
  name: 'minio',
  owner: 'Jason (Platform Services)',
  description: 'MinIO S3-compatible object storage, running unprivileged on OpenShift.',
  source: 'https://github.com/BCDevOps/minio-openshift',
  rebuildSchedule: '0 4 * * 3',
  display: { displayName: 'MinIO', iconClass: 'fa fa-database', tags: ['storage', 's3'], supports: ['s3'] },
  // renovate: datasource=docker depName=minio/minio
  //   versioning=regex:^(?<major>\d+)[.-]0?(?<minor>\d+)[.-]0?(?<patch>\d+)$
  //   extractVersion=^RELEASE\.(?<version>\d{4}-\d{2}-\d{2})T
  versions: [{ version: '2024.5.10' }, { version: '2024.6.13' }],
});
