// Attribute definitions: one table per resource type gives Terraform its schema (GetProviderSchema)
// and gives the provider the shape of the values it reads and writes. Values cross the wire as
// plain objects with every attribute present (null when unset).
import { TfObject, TfValue } from '../protocol/dynamic-value';
import { ObjectNesting, SchemaAttribute, StringKind } from '../protocol/messages';

export type PrimitiveType = 'string' | 'bool' | 'number';
export type TypeExpr = PrimitiveType | readonly ['list', TypeExpr] | readonly ['map', TypeExpr];

export interface AttrDef {
  readonly name: string;
  /** Plain type; absent when `nested` is set. */
  readonly type?: TypeExpr;
  /** Nested attributes (protocol 6): a list of objects or a single object. */
  readonly nested?: { readonly nesting: 'list' | 'single'; readonly attributes: readonly AttrDef[] };
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly writeOnly?: boolean;
  readonly description: string;
}

const enc = (t: TypeExpr): Uint8Array => Buffer.from(JSON.stringify(t));

export function schemaAttribute(a: AttrDef): SchemaAttribute {
  return {
    name: a.name,
    ...(a.nested
      ? {
          nested_type: {
            attributes: a.nested.attributes.map(schemaAttribute),
            nesting: a.nested.nesting === 'list' ? ObjectNesting.LIST : ObjectNesting.SINGLE,
          },
        }
      : { type: enc(a.type!) }),
    description: a.description,
    description_kind: StringKind.PLAIN,
    required: a.required ?? false,
    optional: a.optional ?? false,
    computed: a.computed ?? false,
    sensitive: a.sensitive ?? false,
    write_only: a.writeOnly ?? false,
  };
}

/** A value with every attribute of `defs` present: missing ones null, nested objects completed too. */
export function complete(defs: readonly AttrDef[], value: Record<string, TfValue | undefined>): TfObject {
  const out: TfObject = {};
  for (const d of defs) {
    const v = value[d.name];
    if (v === undefined || v === null) out[d.name] = null;
    else if (d.nested?.nesting === 'list' && Array.isArray(v)) out[d.name] = v.map((x) => complete(d.nested!.attributes, x as Record<string, TfValue>));
    else if (d.nested?.nesting === 'single' && typeof v === 'object' && !Array.isArray(v))
      out[d.name] = complete(d.nested.attributes, v as Record<string, TfValue>);
    else out[d.name] = v;
  }
  return out;
}

// ---- reading attribute values -----------------------------------------------------------

export function str(v: TfValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function strs(v: TfValue | undefined): string[] | undefined {
  return Array.isArray(v) ? v.map((x) => str(x) ?? '') : undefined;
}

export function bool(v: TfValue | undefined): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function strMap(v: TfValue | undefined): Record<string, string> | undefined {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, str(x) ?? '']));
}

export function objects(v: TfValue | undefined): TfObject[] {
  return Array.isArray(v) ? v.filter((x): x is TfObject => x !== null && typeof x === 'object' && !Array.isArray(x)) : [];
}

/** Deep equality of two attribute values (order matters in lists, not in maps). */
export function sameValue(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue((a as TfObject)[k], (b as TfObject)[k]));
  }
  return false;
}

/** Only the keys that are set (not null), for building specs without explicit undefineds. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** An object value read loosely (nested attribute values). */
export type TfObjectLike = Record<string, TfValue>;
