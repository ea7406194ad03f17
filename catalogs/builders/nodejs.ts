import { defineBuilderImage } from '../../src/model';

/**
 * Kept: the most used S2I builder on the fleet. Owned here instead of by the Samples Operator so that the
 * Node.js runtimes' security fixes arrive within minutes of Red Hat publishing them, not at the next cluster
 * upgrade. Node.js 20 reached its end of life in April 2026: hidden, kept for the builds that still use it.
 * Repositories and annotations as in the sample (cluster-samples-operator assets/operator/ocp-x86_64/nodejs).
 */
export default defineBuilderImage({
  name: 'nodejs',
  namespace: 'openshift',
  owner: 'Platform Services (builder images)',
  description: 'Build and run Node.js applications on UBI 9. See https://github.com/sclorg/s2i-nodejs-container.',
  display: {
    displayName: 'Node.js',
    iconClass: 'icon-nodejs',
    tags: ['builder', 'nodejs'],
    supports: ['nodejs'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/sclorg/nodejs-ex.git',
  },
  tags: [
    { name: '20-ubi9', from: 'registry.redhat.io/ubi9/nodejs-20:latest', version: '20', displayName: 'Node.js 20 (UBI 9)', hidden: true },
    { name: '22-ubi9', from: 'registry.redhat.io/ubi9/nodejs-22:latest', version: '22', displayName: 'Node.js 22 (UBI 9)' },
    {
      name: '22-minimal-ubi9',
      from: 'registry.redhat.io/ubi9/nodejs-22-minimal:latest',
      version: '22-minimal',
      displayName: 'Node.js 22-minimal (UBI 9)',
    },
  ],
  latest: '22-ubi9',
});
