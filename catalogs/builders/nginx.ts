import { defineBuilderImage } from '../../src/model';

/**
 * Kept: S2I builder that serves static content and front-end builds with nginx. Owned here so that nginx's
 * security fixes arrive on Red Hat's schedule. Repositories as in cluster-samples-operator
 * assets/operator/ocp-x86_64/nginx.
 */
export default defineBuilderImage({
  name: 'nginx',
  namespace: 'openshift',
  owner: 'Platform Services (builder images)',
  description: 'Build and serve static content via nginx HTTP server and a reverse proxy on UBI 9. See https://github.com/sclorg/nginx-container.',
  display: {
    displayName: 'Nginx HTTP server and a reverse proxy',
    iconClass: 'icon-nginx',
    tags: ['builder', 'nginx'],
    supports: ['nginx'],
    providerDisplayName: 'Red Hat, Inc.',
    sampleRepo: 'https://github.com/sclorg/nginx-ex.git',
  },
  tags: [
    { name: '1.24-ubi9', from: 'registry.redhat.io/ubi9/nginx-124:latest', version: '1.24', displayName: 'Nginx 1.24 (UBI 9)' },
    { name: '1.26-ubi9', from: 'registry.redhat.io/ubi9/nginx-126:latest', version: '1.26', displayName: 'Nginx 1.26 (UBI 9)' },
  ],
  latest: '1.26-ubi9',
});
