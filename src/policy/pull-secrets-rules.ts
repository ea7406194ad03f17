import type { Finding, Rule } from './finding';

/**
 * `registries/pull-secret-missing`: an ImageStream imports from a registry in
 * `registriesRequiringCredentials`, and the cluster's policy says nothing about how that
 * registry's pull secret reaches the stream's namespace. openshift-apiserver imports with the
 * namespace's dockercfg/dockerconfigjson Secrets (`imagesecret` REST `Get`), so the import would
 * fail as unauthorized (and be retried, failing, on every scheduled import).
 */
export const pullSecretMissing: Rule = ({ plans }) =>
  plans.flatMap((plan) =>
    plan.registries.pullSecrets
      .filter((needed) => needed.required && needed.secret === undefined)
      .map((needed): Finding => {
        const { registries } = plan;
        const more = needed.usedBy.length > 1 ? ` and ${needed.usedBy.length - 1} more` : '';
        return {
          severity: 'error',
          rule: 'registries/pull-secret-missing',
          cluster: plan.cluster.name,
          file: registries.file,
          field: registries.fields.pullSecrets,
          message:
            `${needed.usedBy[0]}${more} import from ${needed.registry}, which requires credentials (registriesRequiringCredentials), ` +
            `but no pull secret reaches namespace ${needed.namespace} on cluster ${plan.cluster.name}: the imports would fail as unauthorized`,
          fix:
            `add ${JSON.stringify(needed.registry)} to ${registries.fields.pullSecrets} with a secretName and either externalSecret ` +
            `(the compiler emits an ExternalSecret) or provisionedOutOfBand (who creates the Secret)`,
        };
      }),
  );
