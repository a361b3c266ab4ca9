/**
 * ARM resource types mi-audit reads specially, lowercase as parseArmId returns them (ARM type names are
 * case-insensitive: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
 */
export const KEY_VAULT_TYPE = 'microsoft.keyvault/vaults';
export const AKS_TYPE = 'microsoft.containerservice/managedclusters';
export const UAMI_TYPE = 'microsoft.managedidentity/userassignedidentities';
