/** `mi-audit export` formats, kept apart from the renderers so that --help does not load them. */
export const EXPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
