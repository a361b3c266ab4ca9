import { jsonChunks } from '../core/json-chunks.js';
import type { Reporter } from './reporter.js';

export const jsonReporter: Reporter = {
  format: 'json',
  description: 'The findings report v1 (schemaVersion 1), for pipelines and access reviews.',
  render: (report) => [...jsonChunks(report)].join(''),
  // Streamed: at 100k role assignments the report is ~240 MB of text (docs/performance.md).
  renderChunks: (report) => jsonChunks(report),
};
