import type { Cloud } from '../../inventory/model.js';

/**
 * The token-exchange audience each cloud expects in a FIC ([S8]). Compared exactly:
 * Entra matches audiences case-sensitively ([S9]).
 */
export const TOKEN_EXCHANGE_AUDIENCE: Readonly<Record<Cloud, string>> = {
  AzureCloud: 'api://AzureADTokenExchange',
  AzureUSGovernment: 'api://AzureADTokenExchangeUSGov',
  AzureChinaCloud: 'api://AzureADTokenExchangeChina',
};

/** Every known token-exchange audience, including the national clouds mi-audit does not scan (USNat, USSec). */
export const KNOWN_AUDIENCES: readonly string[] = [
  ...Object.values(TOKEN_EXCHANGE_AUDIENCE),
  'api://AzureADTokenExchangeUSNat',
  'api://AzureADTokenExchangeUSSec',
];
