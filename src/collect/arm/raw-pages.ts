/**
 * Reads every page of an ARM list through the SDK's own pager (absolute nextLinks, NOTES.md §3.1 Paging) while
 * keeping the RAW `value` items: the generated models drop properties they do not know, e.g. a FIC's
 * claimsMatchingExpression (NOTES.md §3.1 "Properties that are not in the model are dropped", probe-flex).
 */
import type { FullOperationResponse, OperationOptions } from '@azure/core-client';

import { InternalError } from '../../core/errors.js';
import { arrayAt, parseJson } from '../json.js';

export type RawResponseOptions = Pick<OperationOptions, 'onResponse'>;

interface Pager {
  byPage(): AsyncIterable<unknown>;
}

export async function listRaw(start: (options: RawResponseOptions) => Pager): Promise<unknown[]> {
  const items: unknown[] = [];
  let captured: readonly unknown[] | undefined;
  const onResponse = (raw: FullOperationResponse): void => {
    if (raw.status >= 200 && raw.status < 300) captured = arrayAt(parseJson(raw.bodyAsText), 'value');
  };
  for await (const _page of start({ onResponse }).byPage()) {
    if (captured === undefined) throw new InternalError('an ARM page arrived without its raw body');
    items.push(...captured);
    captured = undefined;
  }
  return items;
}

/** A single GET whose raw body is returned (undefined for an empty body). */
export async function getRaw(send: (options: RawResponseOptions) => Promise<unknown>): Promise<unknown> {
  let body: unknown;
  await send({
    onResponse: (raw) => {
      if (raw.status >= 200 && raw.status < 300) body = parseJson(raw.bodyAsText);
    },
  });
  return body;
}
