/**
 * Data-bearing Azure services and the data-plane roles that should replace control-plane roles on them.
 * Role names and GUIDs: [S28][S30][S31]; Cosmos DB data roles are not Azure RBAC roles and
 * are assigned through sqlRoleAssignments [S50] (secondary). Retrieved 2026-11-23.
 *
 * `dataExposingActions` are control-plane actions that hand out the service's data anyway (shared keys,
 * connection strings, access policies). Storage listKeys and Key Vault vaults/write come from [S28];
 * the other action names are the resource providers' key-listing operations (inference).
 */

export interface DataRole {
  readonly name: string;
  /** Azure role definition GUID; undefined for roles outside Azure RBAC (Cosmos DB data plane). */
  readonly id?: string;
}

export interface DataService {
  /** Human name of the service, for messages. */
  readonly label: string;
  /** Lowercase ARM type, matched against a scope's type and its sub-resource types. */
  readonly type: string;
  readonly readRoles: readonly DataRole[];
  readonly writeRoles: readonly DataRole[];
  readonly dataExposingActions: readonly string[];
  /** What the read and write roles let a workload do; messaging services receive and send. */
  readonly verbs?: readonly [read: string, write: string];
}

const STORAGE_KEYS = ['Microsoft.Storage/storageAccounts/listKeys/action'];
const BLOB_READ: DataRole = { name: 'Storage Blob Data Reader', id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' };
const BLOB_WRITE: DataRole = { name: 'Storage Blob Data Contributor', id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' };
const QUEUE_READ: DataRole = { name: 'Storage Queue Data Reader', id: '19e7f393-937e-4f77-808e-94535e297925' };
const QUEUE_SEND: DataRole = { name: 'Storage Queue Data Message Sender', id: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a' };
const QUEUE_PROCESS: DataRole = { name: 'Storage Queue Data Message Processor', id: '8a0f0c08-91a1-4084-bc3d-661d67233fed' };
const TABLE_READ: DataRole = { name: 'Storage Table Data Reader', id: '76199698-9eea-4c19-bc75-cec21354c6b6' };
const TABLE_WRITE: DataRole = { name: 'Storage Table Data Contributor', id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' };

/** Most specific type first: the first entry whose type is the scope's type or a parent of it wins. */
export const DATA_SERVICES: readonly DataService[] = [
  {
    label: 'Blob storage',
    type: 'microsoft.storage/storageaccounts/blobservices',
    readRoles: [BLOB_READ],
    writeRoles: [BLOB_WRITE],
    dataExposingActions: STORAGE_KEYS,
  },
  {
    label: 'Queue storage',
    type: 'microsoft.storage/storageaccounts/queueservices',
    readRoles: [QUEUE_READ],
    writeRoles: [QUEUE_SEND, QUEUE_PROCESS],
    dataExposingActions: STORAGE_KEYS,
  },
  {
    label: 'Table storage',
    type: 'microsoft.storage/storageaccounts/tableservices',
    readRoles: [TABLE_READ],
    writeRoles: [TABLE_WRITE],
    dataExposingActions: STORAGE_KEYS,
  },
  {
    label: 'storage account',
    type: 'microsoft.storage/storageaccounts',
    readRoles: [BLOB_READ, QUEUE_READ, TABLE_READ],
    writeRoles: [BLOB_WRITE, QUEUE_SEND, TABLE_WRITE],
    dataExposingActions: STORAGE_KEYS,
  },
  {
    label: 'Key Vault',
    type: 'microsoft.keyvault/vaults',
    readRoles: [
      { name: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6' },
      { name: 'Key Vault Certificate User', id: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba' },
      { name: 'Key Vault Crypto User', id: '12338af0-0e69-4776-bea7-57ae8d297424' },
    ],
    writeRoles: [
      { name: 'Key Vault Secrets Officer', id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' },
      { name: 'Key Vault Certificates Officer', id: 'a4417e6f-fecd-4de8-b567-7b0420556985' },
      { name: 'Key Vault Crypto Officer', id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603' },
    ],
    // On access-policy vaults, vaults/write edits the access policies.
    dataExposingActions: ['Microsoft.KeyVault/vaults/write', 'Microsoft.KeyVault/vaults/accessPolicies/write'],
  },
  {
    label: 'container registry',
    type: 'microsoft.containerregistry/registries',
    readRoles: [{ name: 'AcrPull', id: '7f951dda-4ed3-4680-a7ca-43fe172d538d' }],
    writeRoles: [{ name: 'AcrPush', id: '8311e382-0749-4cb8-b61a-304f252e45ec' }],
    dataExposingActions: ['Microsoft.ContainerRegistry/registries/listCredentials/action'],
  },
  {
    label: 'Service Bus',
    verbs: ['receive', 'send'],
    type: 'microsoft.servicebus/namespaces',
    readRoles: [{ name: 'Azure Service Bus Data Receiver', id: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' }],
    writeRoles: [{ name: 'Azure Service Bus Data Sender', id: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' }],
    dataExposingActions: ['Microsoft.ServiceBus/namespaces/authorizationRules/listKeys/action'],
  },
  {
    label: 'Event Hubs',
    verbs: ['receive', 'send'],
    type: 'microsoft.eventhub/namespaces',
    readRoles: [{ name: 'Azure Event Hubs Data Receiver', id: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde' }],
    writeRoles: [{ name: 'Azure Event Hubs Data Sender', id: '2b629674-e913-4c01-ae53-ef4638d8f975' }],
    dataExposingActions: ['Microsoft.EventHub/namespaces/authorizationRules/listKeys/action'],
  },
  {
    label: 'Cosmos DB',
    type: 'microsoft.documentdb/databaseaccounts',
    readRoles: [{ name: 'Cosmos DB Built-in Data Reader (sqlRoleAssignments)' }],
    writeRoles: [{ name: 'Cosmos DB Built-in Data Contributor (sqlRoleAssignments)' }],
    dataExposingActions: ['Microsoft.DocumentDB/databaseAccounts/listKeys/action'],
  },
  {
    label: 'App Configuration',
    type: 'microsoft.appconfiguration/configurationstores',
    readRoles: [{ name: 'App Configuration Data Reader', id: '516239f1-63e1-4d78-a4de-a74fb236a071' }],
    writeRoles: [{ name: 'App Configuration Data Owner', id: '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b' }],
    dataExposingActions: ['Microsoft.AppConfiguration/configurationStores/ListKeys/action'],
  },
  {
    label: 'Event Grid',
    verbs: ['receive', 'send'],
    type: 'microsoft.eventgrid',
    readRoles: [],
    writeRoles: [{ name: 'EventGrid Data Sender', id: 'd5a91429-5739-47e2-a06b-3470a27159e7' }],
    dataExposingActions: ['Microsoft.EventGrid/topics/listKeys/action', 'Microsoft.EventGrid/domains/listKeys/action'],
  },
];

/** The data service an ARM type (lowercase, as parseArmId returns it) belongs to, most specific first. */
export function dataServiceOfType(type: string | undefined): DataService | undefined {
  if (type === undefined) return undefined;
  const lower = type.toLowerCase();
  return DATA_SERVICES.find((service) => lower === service.type || lower.startsWith(`${service.type}/`));
}

/** All suggested data roles, reads first, without duplicates. */
export function suggestedDataRoles(service: DataService): DataRole[] {
  const roles: DataRole[] = [];
  for (const role of [...service.readRoles, ...service.writeRoles]) {
    if (!roles.some((known) => known.name === role.name)) roles.push(role);
  }
  return roles;
}

/** "Storage Blob Data Reader (read) or Storage Blob Data Contributor (write)", for messages and remediation. */
export function describeDataRoles(service: DataService): string {
  const [readVerb, writeVerb] = service.verbs ?? ['read', 'write'];
  const reads = service.readRoles.map((role) => role.name).join(', ');
  const writes = service.writeRoles.map((role) => role.name).join(', ');
  if (reads === '') return `${writes} to ${writeVerb}`;
  return `${reads} to ${readVerb}, or ${writes} to ${writeVerb}`;
}
