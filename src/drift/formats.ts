/** Output formats of `mi-audit diff`, kept apart from the renderers so that --help does not load them. */
export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
