// Desired vs live for dictionaries. Pure. Both sides come through canonicalize (types and
// expressions in the server's printing); the rest of the normal form is here: LIFETIME(n) is
// MIN 0 MAX n, source and layout types and parameter names are compared upper case, parameter
// values as text ('src' and src, 9000 and '9000' are the same). Every fix is CREATE OR REPLACE
// DICTIONARY: a dictionary holds only what it loads from its source, so replacing it loses
// nothing (the server reloads it), and it stays usable under its name throughout.
import { Change, ChangeCost, ReasonCode } from '../spec/changes';
import { DictionaryAttributeSpec, DictionarySpec, DiffOptions, objectId } from '../spec/model';
import {
  renderAttachDictionary,
  renderCreateDictionary,
  renderDictionaryAttribute,
  renderDropDictionary,
  renderLifetime,
  renderReplaceDictionary,
} from '../render/dictionaries';
import { allowDestructive, change, missingObject, NEVER } from './change';

/** The source password version when none is declared. */
export const DEFAULT_SOURCE_PASSWORD_VERSION = '1';

/** What a change of a dictionary costs: metadata, then a reload of its data from the source. */
const RELOAD: ChangeCost = { class: 'metadata', rows: 0, bytes: 0, parts: 0, pendingMutations: 0, note: 'the dictionary reloads from its source' };

const params = (p: Readonly<Record<string, string | number>> | undefined): string =>
  Object.entries(p ?? {})
    .map(([k, v]) => [k.toUpperCase(), String(v)] as const)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(' ');

/** Source as compared: type, parameters, and whether a password is set (its value the server never shows). */
export function sourceNormalForm(d: DictionarySpec): string {
  const password = d.source.passwordEnv !== undefined || d.source.passwordSet === true;
  return `${d.source.type.toUpperCase()}(${params(d.source.params)}${password ? ' PASSWORD [HIDDEN]' : ''})`;
}

export function layoutNormalForm(d: DictionarySpec): string {
  return `${d.layout.type.toUpperCase()}(${params(d.layout.params)})`;
}

// Stryker disable next-line Regex: renderDictionaryAttribute always starts with the quoted name, so the first quoted text is the name with or without ^
const attributeText = (a: DictionaryAttributeSpec): string => renderDictionaryAttribute(a).replace(/^`(.*?)`/, '$1');
const attributesText = (d: DictionarySpec): string => d.attributes.map(attributeText).join(', ');
const lifetimeText = (d: DictionarySpec): string => renderLifetime(d.lifetime) ?? 'none';
const rangeText = (d: DictionarySpec): string => (d.range ? `MIN ${d.range.min} MAX ${d.range.max}` : 'none');
const emptyAsNone = (s: string | undefined): string => (s === undefined || s === '' ? 'none' : s);

export function diffDictionary(desired: DictionarySpec, live: DictionarySpec | undefined, opts: DiffOptions = {}): Change[] {
  const id = objectId(desired);
  if (!live) return [missingObject(id, `dictionary ${desired.database}.${desired.name}`, renderCreateDictionary(desired, opts), opts)];
  if (live.detached) return detachedDictionary(desired, live, opts);
  const replace = [renderReplaceDictionary(desired, opts)];
  const out: Change[] = [];
  const differs = (reason: ReasonCode, what: string, d: string, l: string) => {
    if (d === l) return;
    const c = change(id, reason, `${what} desired ${d}, live ${l}`, { statements: replace, inPlace: true, destructive: false }, allowDestructive(opts));
    out.push({ ...c, cost: RELOAD });
  };
  differs('dictionary_attributes_changed', 'attributes', `(${attributesText(desired)})`, `(${attributesText(live)})`);
  differs('dictionary_key_changed', 'PRIMARY KEY', desired.primaryKey.join(', '), live.primaryKey.join(', '));
  differs('dictionary_source_changed', 'SOURCE', sourceNormalForm(desired), sourceNormalForm(live));
  // The password the server never shows: a new declared version (rotation) against the one applied.
  const wantVersion = desired.source.passwordVersion ?? DEFAULT_SOURCE_PASSWORD_VERSION;
  if (
    desired.source.passwordEnv !== undefined &&
    live.source.passwordVersion !== undefined &&
    live.source.passwordVersion !== wantVersion &&
    !out.some((c) => c.reason === 'dictionary_source_changed')
  )
    differs('dictionary_source_changed', 'source password version', wantVersion, `${live.source.passwordVersion} (set again from the password read at apply)`);
  differs('dictionary_lifetime_changed', 'LIFETIME', lifetimeText(desired), lifetimeText(live));
  differs('dictionary_layout_changed', 'LAYOUT', layoutNormalForm(desired), layoutNormalForm(live));
  differs('dictionary_range_changed', 'RANGE', rangeText(desired), rangeText(live));
  differs('comment_changed', 'comment', emptyAsNone(desired.comment), emptyAsNone(live.comment));
  // What the live definition has beyond the model (SETTINGS(...), IS_OBJECT_ID...): replaced by the declared one.
  if (live.unsupported?.length) differs('dictionary_changed', 'definition beyond what can be declared:', 'none', live.unsupported.join('; '));
  return out;
}

/**
 * A declared dictionary whose name is taken by a detached one: CREATE ... IF NOT EXISTS would do
 * nothing, so ATTACH, then whatever the detached definition needs to be the declared one (all in
 * place: CREATE OR REPLACE). A definition that could not be read is compared once attached.
 */
function detachedDictionary(desired: DictionarySpec, live: DictionarySpec, opts: DiffOptions): Change[] {
  const state = live.detached!;
  const how = state.permanently ? 'detached permanently' : 'detached';
  const attach = { statements: [renderAttachDictionary(desired, opts)], inPlace: true, destructive: false };
  if (!state.definitionRead)
    return [
      change(
        objectId(desired),
        'detached_object',
        `dictionary ${desired.database}.${desired.name}: desired attached, live ${how} (its definition cannot be read from here: apply compares it once attached)`,
        attach,
        allowDestructive(opts),
      ),
    ];
  const rest = diffDictionary(desired, { ...live, detached: undefined }, opts);
  const also = rest.length ? `; its definition differs: ${[...new Set(rest.map((c) => c.reason))].join(', ')}` : ', with the declared definition';
  const detail = `dictionary ${desired.database}.${desired.name}: desired attached, live ${how}${also}`;
  return [change(objectId(desired), 'detached_object', detail, attach, allowDestructive(opts)), ...rest];
}

/** A live dictionary in a declared database that nothing declares: reported, never dropped by deploy. */
export function extraDictionary(live: DictionarySpec, opts: DiffOptions = {}): Change {
  return change(
    objectId(live),
    'extra_object',
    `dictionary ${live.database}.${live.name}: desired absent, live present`,
    {
      statements: [renderDropDictionary(live, opts)],
      inPlace: true,
      destructive: true,
      hint: 'not declared: declare it, or drop it by hand with the statement shown (deploy never drops undeclared objects)',
    },
    NEVER,
  );
}
