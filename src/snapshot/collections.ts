/**
 * The snapshot's collections (`resources`, `roleAssignments`, … and the optional `policyAssignments`,
 * `signInActivity`): every top-level array of the schema, with the schema of one item. Reading a file and
 * validating a collected snapshot both check item by item with these, so a parsed copy of one item dies young.
 */
import { z } from 'zod';

import { snapshotSchema } from './schema.js';

export const COLLECTION_ITEM_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map(
  Object.entries(snapshotSchema.shape).flatMap(([key, field]): [string, z.ZodType][] => {
    const inner: unknown = field instanceof z.ZodOptional ? field.unwrap() : field;
    return inner instanceof z.ZodArray ? [[key, inner.element as z.ZodType]] : [];
  }),
);

/**
 * The snapshot schema with each collection taken as already checked item by item (`z.array(z.unknown())`, optional
 * where the collection is): what validates the rest of a document whose items went through
 * COLLECTION_ITEM_SCHEMAS. Its output keeps the schema's field order.
 */
export const SNAPSHOT_HEADER_SCHEMA: z.ZodType = snapshotSchema.extend(
  Object.fromEntries(
    [...COLLECTION_ITEM_SCHEMAS.keys()].map((key) => {
      const field = snapshotSchema.shape[key as keyof typeof snapshotSchema.shape];
      return [key, field instanceof z.ZodOptional ? z.array(z.unknown()).optional() : z.array(z.unknown())];
    }),
  ),
);
