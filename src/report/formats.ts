/** Output formats, kept apart from the reporters so that --help does not load them. */
export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'sarif', 'markdown', 'junit', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
