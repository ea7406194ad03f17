import { defineBuilderImage } from '../../src/model';

/**
 * Kept: S2I builder for .NET applications; the two supported long-term releases. The sample imports from
 * registry.access.redhat.com, which the fleet does not allow for import and emerald does not mirror; Red Hat
 * serves the same repositories from registry.redhat.io. `8.0` and `10.0` keep the sample's short tag names
 * that existing builds use. Repositories as in cluster-samples-operator assets/operator/ocp-x86_64/dotnet.
 */
export default defineBuilderImage({
  name: 'dotnet',
  namespace: 'openshift',
  owner: 'Platform Services (builder images)',
  description: 'Build and run .NET applications. See https://github.com/redhat-developer/s2i-dotnetcore.',
  display: {
    displayName: '.NET SDK',
    iconClass: 'icon-dotnet',
    tags: ['builder', 'dotnet'],
    supports: ['dotnet'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/redhat-developer/s2i-dotnetcore-ex',
    sampleContextDir: 'app',
  },
  tags: [
    {
      name: '8.0',
      from: 'registry.redhat.io/ubi8/dotnet-80:8.0',
      version: '8.0',
      displayName: '.NET SDK 8.0 (UBI 8)',
      supports: ['dotnet:8.0', 'dotnet'],
      hidden: true,
    },
    {
      name: '8.0-ubi8',
      from: 'registry.redhat.io/ubi8/dotnet-80:8.0',
      version: '8.0',
      displayName: '.NET SDK 8.0 (UBI 8)',
      supports: ['dotnet:8.0', 'dotnet'],
    },
    {
      name: '10.0',
      from: 'registry.redhat.io/ubi9/dotnet-100:latest',
      version: '10.0',
      displayName: '.NET SDK 10.0 (UBI 9)',
      supports: ['dotnet:10.0', 'dotnet'],
      hidden: true,
    },
    {
      name: '10.0-ubi9',
      from: 'registry.redhat.io/ubi9/dotnet-100:latest',
      version: '10.0',
      displayName: '.NET SDK 10.0 (UBI 9)',
      supports: ['dotnet:10.0', 'dotnet'],
    },
  ],
  latest: '10.0-ubi9',
});
