import type { Reporter } from './reporter.js';

export const jsonReporter: Reporter = {
  format: 'json',
  description: 'The findings report v1 (schemaVersion 1), for pipelines and access reviews.',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
