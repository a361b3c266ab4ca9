/**
 * Finding categories: a closed set whose names are part of the JSON contract. Grouped by the three questions
 * mi-audit answers. Meanings are in docs/rules/README.md (generated) and the rule-catalog issue.
 */
export const CATEGORY_GROUPS = {
  'What can it do?': [
    'privileged-role',
    'broad-scope',
    'data-role-preferred',
    'custom-role-wildcard',
    'graph-permission',
    'directory-role',
    'keyvault-access-policy',
  ],
  'Who can become it?': [
    'issuer',
    'audience',
    'broad-subject',
    'mutable-subject',
    'unmatchable-subject',
    'cross-tenant',
    'dangling-federation',
    'takeover-path',
    'blast-radius',
  ],
  'What is broken or stale?': [
    'orphaned-reference',
    'orphaned-assignment',
    'unused-identity',
    'shared-identity',
    'secret-credential',
    'credential-limit',
  ],
} as const;

export type Category = (typeof CATEGORY_GROUPS)[keyof typeof CATEGORY_GROUPS][number];

export const CATEGORIES: readonly Category[] = Object.values(CATEGORY_GROUPS).flat();

/** What each category means; rendered into docs/rules/README.md. */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<Category, string>> = {
  'privileged-role':
    'Holds a role that can grant access (or holds it under a role-assignment condition too weak to constrain it): Owner, User Access Administrator, Role Based Access Control Administrator, or any role whose effective actions include Microsoft.Authorization/roleAssignments/write, at any scope (inherited ones included).',
  'broad-scope': 'Contributor or another write-capable control-plane role at root, management group or subscription scope.',
  'data-role-preferred':
    'A control-plane role on a data-bearing resource (storage, Key Vault, registry, Service Bus, Event Hubs, Cosmos DB, …) where a data-plane role would do.',
  'custom-role-wildcard': 'A custom role with write, delete or action wildcards assigned to a workload identity.',
  'graph-permission': 'A privileged Microsoft Graph application permission (tier 0 or tier 1).',
  'directory-role': 'A privileged Entra directory role.',
  'keyvault-access-policy': 'A Key Vault access policy that grants a workload identity more than get/list.',
  issuer: 'A federated credential issuer that can never match, is not the provider canonical form, or is unknown or a look-alike.',
  audience: 'A federated credential audience other than the cloud token-exchange value.',
  'broad-subject': 'A subject or flexible expression that trusts more than one workload (pull requests, whole owners, wildcards).',
  'mutable-subject': 'A name-based subject that can be recycled after a rename or deletion.',
  'unmatchable-subject':
    'A subject the provider never emits (wrong separator, misspelled context, short ref, surrounding whitespace, a literal * meant as a wildcard), so the credential can never match.',
  'cross-tenant': 'An Entra issuer of a tenant other than the audited one.',
  'dangling-federation': 'A federated credential trusting an issuer whose backing object is gone.',
  'takeover-path':
    'A principal other than the identity can add a federated credential to it, attach it, or own the federated app; or a privileged identity has no assignment restriction limiting where it can be attached.',
  'blast-radius': 'A weak federation on an identity with privileged reach: the joined path, ranked by breadth × privilege.',
  'orphaned-reference':
    'A reference to an identity that no longer exists: a resource identity block pointing at a deleted user-assigned identity, or a managed-identity service principal left behind by a deleted resource or identity.',
  'orphaned-assignment': 'A role assignment whose principal no longer exists.',
  'unused-identity':
    'An identity nobody uses: attached to nothing and without federated credentials, or federated but holding no access at all (dead trust).',
  'shared-identity': 'A user-assigned identity attached to resources of different environments.',
  'secret-credential': 'An app registration that federates but still holds client secrets or certificates.',
  'credential-limit': 'An identity at or near the limit of 20 federated credentials.',
};
