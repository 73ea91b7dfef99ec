// Terraform values on the wire (tfplugin6 DynamicValue): MessagePack as Terraform's
// docs/plugin-protocol/object-wire-format.md describes it. Objects are maps with every attribute
// present (null when unset); an unknown value (known only after apply) is any MessagePack
// extension, which is read as UNKNOWN and written as extension 0.
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';

/** A value Terraform will know only after apply (planned from an unknown reference). */
export const UNKNOWN: unique symbol = Symbol('unknown');

export type TfValue = null | string | number | boolean | typeof UNKNOWN | TfValue[] | { [key: string]: TfValue };
export type TfObject = { [key: string]: TfValue };

export interface DynamicValue {
  readonly msgpack?: Uint8Array;
  readonly json?: Uint8Array;
}

const codec = new ExtensionCodec();
// Every extension code means "unknown" (12 carries refinements we do not need); we write code 0.
for (let type = 0; type <= 127; type++) {
  codec.register({ type, encode: (v: unknown) => (type === 0 && v === UNKNOWN ? new Uint8Array([0]) : null), decode: () => UNKNOWN });
}

/** The value of a DynamicValue (MessagePack, or JSON when Terraform sent that), null when empty. */
export function fromDynamic(dv: DynamicValue | null | undefined): TfValue {
  if (dv?.msgpack && dv.msgpack.length > 0) return normalize(decode(dv.msgpack, { extensionCodec: codec }));
  if (dv?.json && dv.json.length > 0) return normalize(JSON.parse(Buffer.from(dv.json).toString('utf8')));
  return null;
}

/** A DynamicValue in MessagePack, as Terraform wants in every response. */
export function toDynamic(value: TfValue): DynamicValue {
  return { msgpack: encode(value, { extensionCodec: codec, ignoreUndefined: false }) };
}

/** Decoded MessagePack as TfValue: binary and undefined never occur in Terraform's encoding of our schemas. */
function normalize(v: unknown): TfValue {
  if (v === undefined || v === null) return null;
  if (v === UNKNOWN || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v as TfValue;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), normalize(x)]));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, normalize(x)]));
  throw new Error(`unexpected value of type ${typeof v} in a Terraform DynamicValue`);
}

/** Whether a value is, or contains, an unknown. */
export function containsUnknown(v: TfValue): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsUnknown);
  return false;
}
