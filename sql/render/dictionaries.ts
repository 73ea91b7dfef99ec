// Idempotent DDL for dictionaries: CREATE DICTIONARY IF NOT EXISTS, CREATE OR REPLACE DICTIONARY
// (every change: a dictionary holds only what it loads from its source), DROP DICTIONARY. Pure.
// A source password is never in the text: it is a placeholder naming the environment variable
// (sql/spec/secrets.ts), filled by resolveSecrets() right before the statement runs.
import { qualified, quoteIdent, quoteString } from '../spec/identifiers';
import { DictionaryAttributeSpec, DictionarySpec, RenderOptions } from '../spec/model';
import { passwordPlaceholder } from '../spec/secrets';
import { onCluster } from './tables';

/** An attribute as in CREATE DICTIONARY: name Type [DEFAULT v] [EXPRESSION e] [HIERARCHICAL] [INJECTIVE]. */
export function renderDictionaryAttribute(a: DictionaryAttributeSpec): string {
  let sql = `${quoteIdent(a.name)} ${a.type}`;
  if (a.default !== undefined) sql += ` DEFAULT ${a.default}`;
  if (a.expression !== undefined) sql += ` EXPRESSION ${a.expression}`;
  if (a.hierarchical) sql += ' HIERARCHICAL';
  if (a.injective) sql += ' INJECTIVE';
  return sql;
}

/**
 * KEY value pairs of a SOURCE or LAYOUT: keys upper case, numbers (and strings of digits, as a
 * Terraform map hands them over) as they are, other strings quoted. The server reads every value
 * as text, so PORT 9000 and PORT '9000' configure the same.
 */
export function renderDictionaryParams(params: Readonly<Record<string, string | number>> = {}): string {
  return Object.entries(params)
    .map(([k, v]) => `${k.toUpperCase()} ${typeof v === 'number' || /^\d+$/.test(v) ? String(v) : quoteString(v)}`)
    .join(' ');
}

/** SOURCE(TYPE(...)); `password` is what stands for the password (the placeholder by default). */
export function renderDictionarySource(d: DictionarySpec, password?: string): string {
  const params = renderDictionaryParams(d.source.params);
  const pw = d.source.passwordEnv !== undefined ? `PASSWORD ${password ?? passwordPlaceholder(d.source.passwordEnv)}` : '';
  return `SOURCE(${d.source.type.toUpperCase()}(${[params, pw].filter(Boolean).join(' ')}))`;
}

/** LIFETIME(MIN a MAX b), the form the server prints (LIFETIME(n) is MIN 0 MAX n); undefined without one. */
export function renderLifetime(lifetime: DictionarySpec['lifetime']): string | undefined {
  if (lifetime === undefined) return undefined;
  const { min, max } = typeof lifetime === 'number' ? { min: 0, max: lifetime } : lifetime;
  return `LIFETIME(MIN ${min} MAX ${max})`;
}

/** The definition after CREATE [OR REPLACE] DICTIONARY name: columns, key, source, lifetime, layout, range, comment. */
function definition(d: DictionarySpec, password?: string): string {
  const parts = [
    `(\n${d.attributes.map((a) => `    ${renderDictionaryAttribute(a)}`).join(',\n')}\n)`,
    `PRIMARY KEY ${d.primaryKey.map(quoteIdent).join(', ')}`,
    renderDictionarySource(d, password),
  ];
  const lifetime = renderLifetime(d.lifetime);
  if (lifetime) parts.push(lifetime);
  parts.push(`LAYOUT(${d.layout.type.toUpperCase()}(${renderDictionaryParams(d.layout.params)}))`);
  if (d.range) parts.push(`RANGE(MIN ${quoteIdent(d.range.min)} MAX ${quoteIdent(d.range.max)})`);
  if (d.comment !== undefined) parts.push(`COMMENT ${quoteString(d.comment)}`);
  return parts.join('\n');
}

export function renderCreateDictionary(d: DictionarySpec, opts: RenderOptions = {}): string {
  return `CREATE DICTIONARY IF NOT EXISTS ${qualified(d.database, d.name)}${onCluster(opts)}\n${definition(d)}`;
}

/** Replaces the definition in one statement: the dictionary stays usable under its name, and reloads from its source. */
export function renderReplaceDictionary(d: DictionarySpec, opts: RenderOptions = {}): string {
  return `CREATE OR REPLACE DICTIONARY ${qualified(d.database, d.name)}${onCluster(opts)}\n${definition(d)}`;
}

/**
 * The CREATE statement with a fixed stand-in for the password (the server prints '[HIDDEN]'):
 * what the formatter may see when checking that the rendering parses.
 */
export function renderDictionaryForParse(d: DictionarySpec): string {
  return `CREATE DICTIONARY ${qualified(d.database, d.name)}\n${definition(d, quoteString('[HIDDEN]'))}`;
}

/** Attaches a detached dictionary; a no-op where it is attached already. (CREATE DICTIONARY IF NOT EXISTS does nothing for a detached name.) */
export function renderAttachDictionary(d: { database: string; name: string }, opts: RenderOptions = {}): string {
  return `ATTACH DICTIONARY IF NOT EXISTS ${qualified(d.database, d.name)}${onCluster(opts)}`;
}

export function renderDropDictionary(d: { database: string; name: string }, opts: RenderOptions = {}): string {
  return `DROP DICTIONARY IF EXISTS ${qualified(d.database, d.name)}${onCluster(opts)} SYNC`;
}
