import { defineBuilderImage } from '../../src/model';

/**
 * Kept: S2I builder for Go. The sample still ships only Go 1.18 (go-toolset:1.18), out of support for years;
 * `ubi9` follows the current Go Toolset on UBI 9 and is re-imported on a schedule, so builds get each new Go
 * release. 1.18-ubi9 is hidden, kept for the builds that still name it.
 * Repository as in cluster-samples-operator assets/operator/ocp-x86_64/golang.
 */
export default defineBuilderImage({
  name: 'golang',
  namespace: 'openshift',
  owner: 'Platform Services (builder images)',
  description: 'Build and run Go applications on UBI 9. See https://github.com/sclorg/golang-container.',
  display: {
    displayName: 'Go',
    iconClass: 'icon-go-gopher',
    tags: ['builder', 'golang', 'go'],
    supports: ['golang'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/sclorg/golang-ex.git',
  },
  tags: [
    { name: '1.18-ubi9', from: 'registry.redhat.io/ubi9/go-toolset:1.18', version: '1.18', displayName: 'Go 1.18 (UBI 9)', hidden: true },
    { name: 'ubi9', from: 'registry.redhat.io/ubi9/go-toolset:latest', displayName: 'Go (UBI 9, current Go Toolset)' },
  ],
  latest: 'ubi9',
});
