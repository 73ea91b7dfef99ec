// TypeScript literals for generated code: strings that survive any content, keys, fresh
// variable names, and the object literals of columns, settings, hosts, grants, indexes and projections. Pure.
import { ColumnSpec, GrantEntry, HostRestriction, IndexSpec, ProfileSetting, ProjectionSpec } from '../spec/model';

export function profileSettingLiteral(p: ProfileSetting): string {
  const parts = [`name: ${tsString(p.name)}`];
  if (p.value !== undefined) parts.push(`value: ${settingLiteral(p.value)}`);
  if (p.min !== undefined) parts.push(`min: ${settingLiteral(p.min)}`);
  if (p.max !== undefined) parts.push(`max: ${settingLiteral(p.max)}`);
  if (p.writability !== undefined) parts.push(`writability: ${tsString(p.writability)}`);
  return `{ ${parts.join(', ')} }`;
}

export function hostsLiteral(h: HostRestriction): string {
  const parts: string[] = [];
  for (const k of ['ip', 'names', 'like', 'regexp'] as const) if (h[k]?.length) parts.push(`${k}: ${stringArray(h[k]!)}`);
  if (h.local) parts.push('local: true');
  return `{ ${parts.join(', ')} }`;
}

export function grantLiteral(g: GrantEntry): string {
  const parts = [`privilege: ${tsString(g.privilege)}`, `database: ${tsString(g.database)}`];
  if (g.table !== undefined && g.table !== '*') parts.push(`table: ${tsString(g.table)}`);
  if (g.columns?.length) parts.push(`columns: ${stringArray(g.columns)}`);
  if (g.grantOption) parts.push('grantOption: true');
  return `{ ${parts.join(', ')} }`;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await undefined arguments eval'
  ).split(' '),
);

/** A single-quoted TypeScript string literal for any string (quotes, backslashes, newlines, control and line-separator characters escaped). */
export function tsString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}

/** A property key: bare when it is a plain identifier, quoted otherwise. */
export function tsKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : tsString(key);
}

/** A fresh TypeScript variable name for a ClickHouse name ('service_status' -> 'serviceStatus'), unique within `used`. */
export function tsIdentifier(name: string, used: Set<string>): string {
  const words = name.split(/[^A-Za-z0-9]/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (!base) base = 'object';
  if (/^[0-9]/.test(base)) base = `_${base}`;
  if (RESERVED.has(base)) base = `${base}_`;
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base}${i}`;
  used.add(candidate);
  return candidate;
}

function tsValue(v: string | number): string {
  return typeof v === 'number' ? String(v) : tsString(v);
}

/** Setting values read from the server are strings; plain safe integers become numbers again. */
export function settingLiteral(v: string | number): string {
  if (typeof v === 'string' && /^(0|-?[1-9][0-9]*)$/.test(v) && Number.isSafeInteger(Number(v))) return v;
  return tsValue(v);
}

export function stringArray(items: readonly string[]): string {
  return `[${items.map(tsString).join(', ')}]`;
}

export function columnLiteral(c: ColumnSpec): string {
  const parts = [`name: ${tsString(c.name)}`, `type: ${tsString(c.type)}`];
  if (c.defaultKind !== undefined) parts.push(`defaultKind: ${tsString(c.defaultKind)}`);
  if (c.defaultExpression !== undefined) parts.push(`defaultExpression: ${tsString(c.defaultExpression)}`);
  if (c.codec !== undefined) parts.push(`codec: ${tsString(c.codec)}`);
  if (c.ttl !== undefined) parts.push(`ttl: ${tsString(c.ttl)}`);
  if (c.comment !== undefined) parts.push(`comment: ${tsString(c.comment)}`);
  return `{ ${parts.join(', ')} }`;
}

export function indexLiteral(ix: IndexSpec): string {
  const parts = [`name: ${tsString(ix.name)}`, `expression: ${tsString(ix.expression)}`, `type: ${tsString(ix.type)}`];
  if (ix.granularity !== undefined && ix.granularity !== 1) parts.push(`granularity: ${ix.granularity}`);
  return `{ ${parts.join(', ')} }`;
}

export function projectionLiteral(p: ProjectionSpec): string {
  return `{ name: ${tsString(p.name)}, query: ${tsString(p.query)} }`;
}

export function camel(s: string): string {
  return tsIdentifier(s, new Set());
}
