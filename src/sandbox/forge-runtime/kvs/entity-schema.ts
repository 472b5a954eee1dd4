import { z } from 'zod';
import { KvsServiceError } from '../errors';

/**
 * Custom-entity definitions as manifest.yml declares them (`app.storage.entities[]`), and the rules the
 * Custom Entity Store applies to them: which index a query names, and which values an entity accepts.
 * Every rule is written down, with its source, in docs/forge-storage.md.
 */

export type AttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';

/** The manifest's `app.storage.entities[]` entry. */
export interface EntityDefinition {
  name: string;
  attributes: Readonly<Record<string, { type: AttributeType }>>;
  indexes?: ReadonlyArray<string | { name: string; range: readonly string[]; partition?: readonly string[] }>;
}

/** The index every entity has without declaring it: range = the entity's key, no partition. */
export const KEY_INDEX = 'by-key';

// The patterns and caps @forge/manifest enforces (its JSON schema and storage validator), so a definition
// the sandbox accepts is one `forge deploy` accepts too.
const ENTITY_NAME = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;
const ATTRIBUTE_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

const Index = z.union([
  z.string().min(1),
  z
    .object({
      name: z.string().min(1),
      range: z.array(z.string()).length(1),
      partition: z.array(z.string()).min(1).optional(),
    })
    .strict(),
]);

export const EntityDefinitionSchema = z
  .object({
    name: z.string().min(3).max(60).regex(ENTITY_NAME),
    attributes: z
      .record(
        z.string().regex(ATTRIBUTE_NAME).max(30),
        z.object({ type: z.enum(['string', 'boolean', 'float', 'integer', 'any']) }).strict(),
      )
      .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes'),
    indexes: z.array(Index).min(1).max(7).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const names = new Set<string>();
    for (const ix of e.indexes ?? []) {
      const name = typeof ix === 'string' ? ix : ix.name;
      if (name === KEY_INDEX)
        ctx.addIssue({ code: 'custom', message: `index name '${KEY_INDEX}' is reserved` });
      if (names.has(name)) ctx.addIssue({ code: 'custom', message: `index '${name}' is declared twice` });
      names.add(name);
      const used = typeof ix === 'string' ? [ix] : [...ix.range, ...(ix.partition ?? [])];
      for (const attr of used) {
        const type = e.attributes[attr]?.type;
        if (type === undefined) {
          ctx.addIssue({ code: 'custom', message: `index '${name}' uses undeclared attribute '${attr}'` });
        } else if (type === 'any') {
          ctx.addIssue({ code: 'custom', message: `index '${name}' uses attribute '${attr}' of type any` });
        }
      }
    }
  });

export const EntityDefinitionsSchema = z
  .array(EntityDefinitionSchema)
  .max(20)
  .refine((list) => new Set(list.map((e) => e.name)).size === list.length, 'entity names must be unique');

/** A resolved index: `range` null means the key itself (the `by-key` index). */
export interface ResolvedIndex {
  name: string;
  range: string | null;
  partition: readonly string[];
}

export function resolveIndex(def: EntityDefinition, indexName: string): ResolvedIndex {
  if (indexName === KEY_INDEX) return { name: KEY_INDEX, range: null, partition: [] };
  for (const ix of def.indexes ?? []) {
    if (typeof ix === 'string' && ix === indexName) return { name: ix, range: ix, partition: [] };
    if (typeof ix !== 'string' && ix.name === indexName) {
      return { name: ix.name, range: ix.range[0] ?? null, partition: ix.partition ?? [] };
    }
  }
  throw new KvsServiceError(400, 'INVALID_ENTITY_INDEX', 'The custom entity index provided is invalid.');
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const FLOAT_MIN_MAGNITUDE = 1e-130;
// The documented bound is 9.99…9E+125 (38 nines); as a double that is exactly 1e126.
const FLOAT_MAX_MAGNITUDE = 1e126;
/** Combined UTF-8 bytes of an index's range values (900) and partition values (1700). */
export const INDEX_VALUE_BYTES = { range: 900, partition: 1700 } as const;

function typeHolds(type: AttributeType | undefined, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string' && v.trim().length > 0;
    case 'integer':
      return Number.isInteger(v) && (v as number) >= INT32_MIN && (v as number) <= INT32_MAX;
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      const m = Math.abs(v);
      return m === 0 || (m >= FLOAT_MIN_MAGNITUDE && m <= FLOAT_MAX_MAGNITUDE);
    }
    case 'boolean':
      return typeof v === 'boolean';
    case 'any':
      return v !== null;
    default:
      // An attribute the manifest does not declare: refused, so the manifest lists all that is stored.
      return false;
  }
}

function bytesOf(values: readonly unknown[]): number {
  return values.reduce<number>((n, v) => n + Buffer.byteLength(String(v), 'utf8'), 0);
}

/** Checks an entity value (already plain JSON) against its definition; throws the service's error. */
export function validateEntityValue(def: EntityDefinition, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KvsServiceError(400, 'INVALID_ENTITY_VALUE', 'Entity values must be objects.');
  }
  const attrs = value as Record<string, unknown>;
  for (const [attr, v] of Object.entries(attrs)) {
    if (!typeHolds(def.attributes[attr]?.type, v)) {
      throw new KvsServiceError(
        400,
        'INVALID_ENTITY_VALUE',
        `Entity values must match one of the types defined in Custom Entities (attribute '${attr}').`,
      );
    }
  }
  for (const ix of def.indexes ?? []) {
    const range = typeof ix === 'string' ? [ix] : ix.range;
    const partition = typeof ix === 'string' ? [] : (ix.partition ?? []);
    const present = (names: readonly string[]) => names.flatMap((n) => (n in attrs ? [attrs[n]] : []));
    if (
      bytesOf(present(range)) > INDEX_VALUE_BYTES.range ||
      bytesOf(present(partition)) > INDEX_VALUE_BYTES.partition
    ) {
      throw new KvsServiceError(
        400,
        'INDEX_VALUE_TOO_LARGE',
        `The values of index '${typeof ix === 'string' ? ix : ix.name}' exceed the index size limit.`,
      );
    }
  }
}
