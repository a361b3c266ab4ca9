import { defineRule } from '../engine/define-rule.js';
import { describeOwner, describeTrust, trustEvidence } from './util/federation-finding.js';
import { azureDevOpsLabel, parseAzureDevOpsSubject } from './providers/azure-devops.js';
import { ficOwner, ficRelated } from './util/refs.js';

// The Azure DevOps issuer (https://vstoken.dev.azure.com/<org-guid>; preview-era https://app.vstoken.visualstudio.com/…)
// "will be retired on July 1, 2027" for public-cloud service connections that use single-tenant apps or managed
// identities; multitenant apps and non-public clouds are out of scope and keep working ([S17][S18],
// FIC-ADO-001). Medium from 2027-04-01, three months before, is a design choice.

const RETIREMENT = new Date('2027-07-01T00:00:00Z');
const ESCALATION = new Date('2027-04-01T00:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

export default defineRule({
  meta: {
    id: 'MIA-2016',
    name: 'azure-devops-legacy-issuer',
    category: 'issuer',
    severity: 'low',
    title: 'Federated credential uses the retiring Azure DevOps issuer',
    why: 'Microsoft retires the Azure DevOps issuer (vstoken.dev.azure.com) on 2027-07-01 for public-cloud service connections backed by single-tenant apps or managed identities; credentials that still trust it stop working and pipelines fail to deploy.',
    fix: 'Convert the service connection to the Microsoft Entra issuer before 2027-07-01 (Project settings > Service connections > the flagged connection > Update; if Azure DevOps cannot add the credential, add its Issuer and Subject identifier by hand), verify a pipeline run, then delete the old federated credential.',
    references: [
      { title: 'Convert service connections to the Microsoft Entra issuer', url: 'https://learn.microsoft.com/azure/devops/pipelines/release/convert-service-connections' },
      { title: 'Configure workload identity federation for Azure DevOps', url: 'https://learn.microsoft.com/azure/devops/pipelines/release/configure-workload-identity' },
    ],
    requires: ['federatedIdentityCredentials', 'applications'],
  },
  check({ inventory, facts, report, now }) {
    // Non-public clouds are out of scope of the retirement [S17].
    if (inventory.cloud !== 'AzureCloud') return;
    for (const fic of inventory.federatedCredentials) {
      if (facts.issuerProvider(fic.issuer) !== 'azure-devops') continue;
      const owner = ficOwner(inventory, fic);
      const signInAudience = owner.workload?.application?.signInAudience;
      // Multitenant apps keep the Azure DevOps issuer [S17].
      if (signInAudience !== undefined && signInAudience !== 'AzureADMyOrg') continue;
      const days = Math.ceil((RETIREMENT.getTime() - now.getTime()) / DAY_MS);
      const when = days > 0 ? `which Microsoft retires on 2027-07-01 (${days} days left)` : 'which Microsoft retired on 2027-07-01';
      const named = parseAzureDevOpsSubject(fic.subject ?? '');
      const connection = named?.kind === 'service-connection' ? `${named.organization}/${named.project}/${named.name}` : undefined;
      const pipeline = named?.kind === 'pipeline' ? `${named.organization}/${named.project}/${named.name}` : undefined;
      // A pipeline-scoped p:// token belongs to the pipeline, not to a service connection: there is none to convert.
      const action =
        named === undefined
          ? 'convert the service connection to the Microsoft Entra issuer'
          : named.kind === 'service-connection'
            ? `convert ${azureDevOpsLabel(named)} to the Microsoft Entra issuer`
            : `${azureDevOpsLabel(named)} requests its own pipeline-scoped token from this issuer, so move how it authenticates to Azure off this issuer and delete this credential`;
      report({
        subject: owner.ref,
        severity: now.getTime() >= ESCALATION.getTime() ? 'medium' : 'low',
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts the Azure DevOps issuer ${JSON.stringify(fic.issuer)} with ${describeTrust(fic)}, ${when}; ${action}.`,
        related: [ficRelated(fic)],
        evidence: trustEvidence(fic, {
          serviceConnection: connection ?? null,
          pipeline: pipeline ?? null,
          retirement: '2027-07-01',
          daysLeft: Math.max(0, days),
          signInAudience: signInAudience ?? null,
          cloud: inventory.cloud,
        }),
        key: [fic.name],
        ...(pipeline === undefined
          ? {}
          : {
              remediation: `Before 2027-07-01, make pipeline ${pipeline} authenticate to Azure without a token from the Azure DevOps issuer (which token a tool requests: https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity), verify a run, then delete this credential.`,
            }),
      });
    }
  },
});
