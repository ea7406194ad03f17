import { defineBuilderImage } from '../../src/model';

/**
 * Kept: S2I builder for Ruby and Rails applications. Owned here so that Ruby's security fixes arrive on Red
 * Hat's schedule. Repository as in cluster-samples-operator assets/operator/ocp-x86_64/ruby.
 */
export default defineBuilderImage({
  name: 'ruby',
  namespace: 'openshift',
  owner: 'Platform Services (builder images)',
  description: 'Build and run Ruby applications on UBI 9. See https://github.com/sclorg/s2i-ruby-container.',
  display: {
    displayName: 'Ruby',
    iconClass: 'icon-ruby',
    tags: ['builder', 'ruby'],
    supports: ['ruby'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/sclorg/ruby-ex.git',
  },
  tags: [{ name: '3.3-ubi9', from: 'registry.redhat.io/ubi9/ruby-33:latest', version: '3.3', displayName: 'Ruby 3.3 (UBI 9)' }],
  latest: '3.3-ubi9',
});
