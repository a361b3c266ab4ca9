import { defineRule } from '../engine/define-rule.js';
import type { Application } from '../inventory/model.js';
import { ficRelated } from './util/refs.js';

// Federation exists to remove stored secrets; an app that federates and still holds a client secret or a
// certificate keeps the weaker path open (app credentials and FICs live on the same
// application object; the snapshot holds credential metadata only). Managed identities have no application
// object ([S35]) and are never subjects. Secrets rate above certificates: a secret is a bearer string
// that ends up in pipelines and config files; a certificate at least needs its private key.

type Credential = Application['passwordCredentials'][number];

function isExpired(credential: Credential, at: number): boolean {
  if (typeof credential.endDateTime !== 'string') return false;
  const end = Date.parse(credential.endDateTime);
  return !Number.isNaN(end) && end <= at;
}

export default defineRule({
  meta: {
    id: 'MIA-3005',
    name: 'secret-credential',
    category: 'secret-credential',
    severity: 'medium',
    title: 'Federated app registration still holds client secrets or certificates',
    why: 'Federation removes the need for stored credentials, but a secret or certificate left on the app still signs in as it: anyone who finds the secret in a pipeline variable, a config file or a laptop bypasses the federated trust and its subject checks.',
    fix: 'Move every caller to the federated credential, then remove the client secrets and certificates from the app registration and block new ones with an app management policy.',
    references: [
      { title: 'Workload identity federation', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation' },
      { title: 'Configure an app to trust an external identity provider', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust' },
    ],
    requires: ['applications', 'federatedIdentityCredentials'],
  },
  check({ inventory, report }) {
    const at = Date.parse(inventory.collectedAt);
    for (const workload of inventory.workloadIdentities) {
      const app = workload.application;
      if (workload.kind !== 'application' || app === undefined) continue;
      const secrets = app.passwordCredentials;
      const certificates = app.keyCredentials;
      if (secrets.length === 0 && certificates.length === 0) continue;

      const activeSecrets = secrets.filter((credential) => !isExpired(credential, at));
      const expiredSecrets = secrets.length - activeSecrets.length;
      const expiredCertificates = certificates.filter((credential) => isExpired(credential, at)).length;
      const parts = [
        secrets.length === 0 ? undefined : `${secrets.length} client secret(s)${expiredSecrets > 0 ? ` (${expiredSecrets} expired)` : ''}`,
        certificates.length === 0 ? undefined : `${certificates.length} certificate(s)${expiredCertificates > 0 ? ` (${expiredCertificates} expired)` : ''}`,
      ].filter((part): part is string => part !== undefined);
      const fics = inventory.ficsOf(workload.key);
      report({
        subject: workload.ref,
        severity: activeSecrets.length > 0 ? 'medium' : 'low',
        message: `App registration '${app.displayName}' federates through ${fics.length} federated credential(s) but still holds ${parts.join(' and ')}.`,
        related: fics.map(ficRelated),
        evidence: {
          secrets: secrets.length,
          expiredSecrets,
          certificates: certificates.length,
          expiredCertificates,
          credentialKeyIds: [...secrets, ...certificates].map((credential) => credential.keyId),
          credentialEndDates: [...secrets, ...certificates].map((credential) => credential.endDateTime ?? null),
          federatedCredentials: fics.map((fic) => fic.name),
        },
      });
    }
  },
});
