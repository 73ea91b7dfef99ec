// clickhouse_dictionary: a dictionary (CREATE DICTIONARY). Every change is CREATE OR REPLACE
// DICTIONARY (it holds only what it loads from its source). The source's password comes from the
// write-only attribute password_wo or the environment variable password_env names, read at apply
// only: never in state or plan (the plan shows a placeholder naming the variable).
import { DictionaryAttributeSpec, DictionarySpec } from '../../sql/spec/model';
import { AttrDef, bool, defined, objects, str, strMap, strs } from '../schema/attributes';
import { TfValue } from '../protocol/dynamic-value';
import { ResourceType } from './resource-type';
import { splitQualifiedId } from './ids';
import { WRITE_ONLY_PASSWORD } from './user';

const ATTRIBUTE: readonly AttrDef[] = [
  { name: 'name', type: 'string', required: true, description: 'Attribute name.' },
  { name: 'type', type: 'string', required: true, description: 'ClickHouse type as in DDL.' },
  { name: 'default', type: 'string', optional: true, description: 'Value for missing keys, as SQL (e.g. "\'\'", "0").' },
  { name: 'expression', type: 'string', optional: true, description: 'EXPRESSION the source computes the attribute with.' },
  { name: 'hierarchical', type: 'bool', optional: true, description: 'HIERARCHICAL: the attribute holds the parent key.' },
  { name: 'injective', type: 'bool', optional: true, description: 'INJECTIVE: distinct keys map to distinct values.' },
];

function attributeToSpec(a: Record<string, TfValue>): DictionaryAttributeSpec {
  return {
    name: str(a.name) ?? '',
    type: str(a.type) ?? '',
    ...defined({
      default: str(a.default),
      expression: str(a.expression),
      hierarchical: bool(a.hierarchical) || undefined,
      injective: bool(a.injective) || undefined,
    }),
  };
}

const mapOrNull = (p: Readonly<Record<string, string | number>> | undefined) =>
  p && Object.keys(p).length ? Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])) : null;

export const dictionaryType: ResourceType<DictionarySpec> = {
  typeName: 'clickhouse_dictionary',
  kind: 'dictionary',
  description:
    'A dictionary (CREATE DICTIONARY). Every change runs CREATE OR REPLACE DICTIONARY, in place: it holds only what it loads from its source. The source password comes from password_wo or the variable password_env names, never from state.',
  attributes: [
    { name: 'database', type: 'string', required: true, description: 'Database of the dictionary.' },
    { name: 'name', type: 'string', required: true, description: 'Dictionary name.' },
    { name: 'attributes', nested: { nesting: 'list', attributes: ATTRIBUTE }, required: true, description: 'Attributes in order, key columns included.' },
    { name: 'primary_key', type: ['list', 'string'], required: true, description: 'PRIMARY KEY attribute names.' },
    { name: 'source_type', type: 'string', required: true, description: "Source type, e.g. 'CLICKHOUSE', 'HTTP', 'FILE'." },
    {
      name: 'source_params',
      type: ['map', 'string'],
      optional: true,
      description: 'Source parameters (e.g. table, db, query, host, port, user); never the password (see password_env).',
    },
    {
      name: 'password_env',
      type: 'string',
      optional: true,
      description: "Name of the environment variable holding the source's password where Terraform runs (read at apply only).",
    },
    {
      name: 'password_wo',
      type: 'string',
      optional: true,
      sensitive: true,
      writeOnly: true,
      description: "The source's password, write-only (Terraform >= 1.11): sent at apply, never stored.",
    },
    {
      name: 'password_version',
      type: 'string',
      optional: true,
      description: 'Bump to set the source password again (rotation): the dictionary is replaced with the password read at apply. Default "1".',
    },
    { name: 'layout_type', type: 'string', required: true, description: "Layout type, e.g. 'HASHED', 'FLAT', 'COMPLEX_KEY_HASHED', 'RANGE_HASHED'." },
    { name: 'layout_params', type: ['map', 'string'], optional: true, description: 'Layout parameters (e.g. size_in_cells).' },
    { name: 'lifetime_min', type: 'number', optional: true, description: 'LIFETIME MIN in seconds. Default 0.' },
    {
      name: 'lifetime_max',
      type: 'number',
      optional: true,
      description: 'LIFETIME MAX in seconds (LIFETIME(n) is MIN 0 MAX n). Unset: no LIFETIME (DIRECT layouts).',
    },
    { name: 'range_min', type: 'string', optional: true, description: 'RANGE(MIN ...) attribute of a RANGE_HASHED layout.' },
    { name: 'range_max', type: 'string', optional: true, description: 'RANGE(MAX ...) attribute of a RANGE_HASHED layout.' },
    { name: 'comment', type: 'string', optional: true, description: 'Comment.' },
  ],
  toSpec: (a) => {
    const passwordEnv = str(a.password_env) ?? (a.password_wo !== null && a.password_wo !== undefined ? WRITE_ONLY_PASSWORD : undefined);
    const max = typeof a.lifetime_max === 'number' ? a.lifetime_max : undefined;
    const min = typeof a.lifetime_min === 'number' ? a.lifetime_min : 0;
    const rangeMin = str(a.range_min);
    const rangeMax = str(a.range_max);
    return {
      kind: 'dictionary',
      database: str(a.database) ?? '',
      name: str(a.name) ?? '',
      attributes: objects(a.attributes).map(attributeToSpec),
      primaryKey: strs(a.primary_key) ?? [],
      source: {
        type: str(a.source_type) ?? '',
        params: strMap(a.source_params) ?? {},
        ...defined({ passwordEnv, passwordVersion: passwordEnv !== undefined ? str(a.password_version) : undefined }),
      },
      layout: { type: str(a.layout_type) ?? '', params: strMap(a.layout_params) ?? {} },
      ...(max !== undefined ? { lifetime: { min, max } } : {}),
      ...(rangeMin !== undefined || rangeMax !== undefined ? { range: { min: rangeMin ?? '', max: rangeMax ?? '' } } : {}),
      ...defined({ comment: str(a.comment) }),
    };
  },
  fromSpec: (s) => {
    const lifetime = s.lifetime === undefined ? undefined : typeof s.lifetime === 'number' ? { min: 0, max: s.lifetime } : s.lifetime;
    return {
      database: s.database,
      name: s.name,
      attributes: s.attributes.map((a) => ({
        name: a.name,
        type: a.type,
        default: a.default ?? null,
        expression: a.expression ?? null,
        hierarchical: a.hierarchical ?? null,
        injective: a.injective ?? null,
      })),
      primary_key: [...s.primaryKey],
      source_type: s.source.type,
      source_params: mapOrNull(s.source.params),
      password_env: s.source.passwordEnv && s.source.passwordEnv !== WRITE_ONLY_PASSWORD ? s.source.passwordEnv : null,
      password_wo: null,
      password_version: s.source.passwordVersion ?? null,
      layout_type: s.layout.type,
      layout_params: mapOrNull(s.layout.params),
      lifetime_min: lifetime ? lifetime.min : null,
      lifetime_max: lifetime ? lifetime.max : null,
      range_min: s.range?.min ?? null,
      range_max: s.range?.max ?? null,
      comment: s.comment ?? null,
    };
  },
  identityFromImportId: (id) => ({ kind: 'dictionary', ...splitQualifiedId(id) }),
  reasonAttributes: {
    dictionary_attributes_changed: ['attributes'],
    dictionary_key_changed: ['primary_key'],
    dictionary_source_changed: ['source_type', 'source_params', 'password_env', 'password_version'],
    dictionary_lifetime_changed: ['lifetime_min', 'lifetime_max'],
    dictionary_layout_changed: ['layout_type', 'layout_params'],
    dictionary_range_changed: ['range_min', 'range_max'],
    dictionary_changed: ['attributes', 'source_params', 'layout_params'],
    comment_changed: ['comment'],
  },
};
