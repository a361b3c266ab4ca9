/** Looked for in the working directory when --config is not given. Apart from config.ts so --help loads no zod. */
export const CONFIG_FILE_NAME = 'mi-audit.config.json';
