import { csvReporter } from './csv.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { tableReporter } from './table.js';

export const REPORTERS: readonly Reporter[] = [tableReporter, jsonReporter, csvReporter, sarifReporter, markdownReporter, junitReporter, htmlReporter];
