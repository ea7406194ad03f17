import { defineImage } from '../../src/model';

/** NATS messaging server with JetStream. */
export default defineImage({
  name: 'nats',
  owner: 'Justin (Platform Services)',
  description: 'NATS messaging server with JetStream persistence, for event-driven team workloads.',
  source: 'https://github.com/BCDevOps/nats-openshift',
  rebuildSchedule: '0 4 * * 4',
  display: { displayName: 'NATS', iconClass: 'fa fa-exchange', tags: ['messaging', 'nats'], supports: ['nats'] },
  // renovate: datasource=docker depName=nats
  versions: [{ version: '2.10.18' }, { version: '2.10.20' }],
});
