import { defineBuilderImage } from '../../src/model';

/**
 * Kept: S2I builder for Python and Django applications. Owned here so that Python's security fixes arrive on
 * Red Hat's schedule, not the cluster upgrade's. The sample's latest follows 3.12-ubi8; here it follows the
 * UBI 9 build of the same Python. Repositories as in cluster-samples-operator assets/operator/ocp-x86_64/python.
 */
export default defineBuilderImage({
  name: 'python',
  namespace: 'openshift',
  owner: 'Platform Services (builder images)',
  description: 'Build and run Python applications on UBI 9. See https://github.com/sclorg/s2i-python-container.',
  display: {
    displayName: 'Python',
    iconClass: 'icon-python',
    tags: ['builder', 'python'],
    supports: ['python'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/sclorg/django-ex.git',
  },
  tags: [
    { name: '3.11-ubi9', from: 'registry.redhat.io/ubi9/python-311:latest', version: '3.11', displayName: 'Python 3.11 (UBI 9)' },
    { name: '3.12-ubi9', from: 'registry.redhat.io/ubi9/python-312:latest', version: '3.12', displayName: 'Python 3.12 (UBI 9)' },
    {
      name: '3.12-minimal-ubi9',
      from: 'registry.redhat.io/ubi9/python-312-minimal:latest',
      version: '3.12-minimal',
      displayName: 'Python 3.12-minimal (UBI 9)',
    },
  ],
  latest: '3.12-ubi9',
});
