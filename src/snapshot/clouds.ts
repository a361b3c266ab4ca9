/** Azure clouds mi-audit can scan. Kept apart from the zod schema so that --help does not load zod. */
export const CLOUDS = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type Cloud = (typeof CLOUDS)[number];
