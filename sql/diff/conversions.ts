// Which column type conversions keep every value: the rules ClickHouse's own conversion
// semantics give (ALTER TABLE ... MODIFY COLUMN casts each stored value like CAST does), one row
// per rule. A conversion no rule calls lossless is treated as one that can lose or reject data,
// so it is destructive in the diff. Pure. Types are compared in the server's printed form.
//
// Measured on ClickHouse 26.7 (test/integration/conversions.test.ts converts real rows):
// - Date -> DateTime is NOT lossless: Date reaches 2149-06-06, DateTime only 2106-02-07, and
//   later dates wrap around (2149-06-06 becomes 2013-04-29 17:31:44). Date -> DateTime64 keeps them.
// - DateTime64(p) -> DateTime64(9) overflows past 2262-04-11 (DECIMAL_OVERFLOW): nanoseconds in
//   an Int64 end there, while DateTime64 with p <= 8 reaches 2299-12-31.
// - Nullable(T) -> T is refused by the server when a NULL is stored (it asks for a DEFAULT).
import { matchingBracket, splitTopLevel } from '../spec/sql-text';

/** A type as printed, split into its name and top-level arguments: DateTime64(3, 'UTC') -> DateTime64, [3, 'UTC']. */
export interface TypeName {
  readonly text: string;
  readonly name: string;
  readonly args: readonly string[];
}

export function parseType(text: string): TypeName {
  const t = text.trim();
  const open = t.indexOf('(');
  if (open < 0 || matchingBracket(t, open) !== t.length - 1) return { text: t, name: t, args: [] };
  return { text: t, name: t.slice(0, open).trim(), args: splitTopLevel(t.slice(open + 1, -1)) };
}

/** What converting stored values from one type to another does to them. */
export interface Conversion {
  /** Every value of `from` is kept (representable in `to`, and converted back unchanged). */
  readonly lossless: boolean;
  /** The rule that decided (a row of CONVERSION_RULES), for hints and tests. */
  readonly rule: string;
  /** Why, in words a person reads in a refusal. */
  readonly why: string;
}

type Next = (from: string, to: string) => Conversion;

interface ConversionRule {
  readonly name: string;
  /** The verdict for from -> to, or undefined when the rule does not apply; `next` classifies inner types. */
  readonly classify: (from: TypeName, to: TypeName, next: Next) => Conversion | undefined;
}

const lossless = (rule: string, why: string): Conversion => ({ lossless: true, rule, why });
const lossy = (rule: string, why: string): Conversion => ({ lossless: false, rule, why });
/** A wrapper rule's verdict: the inner types' verdict, named after the wrapper when the inner type does not change. */
const wrapped = (rule: string, why: string, inner: Conversion): Conversion => (inner.rule === 'same type' ? { ...inner, rule, why } : inner);

interface IntType {
  readonly signed: boolean;
  readonly bits: number;
}

function intType(t: TypeName): IntType | undefined {
  const m = /^(U?)Int(8|16|32|64|128|256)$/.exec(t.text);
  return m ? { signed: m[1] === '', bits: Number(m[2]) } : undefined;
}

const isEnum = (t: TypeName) => t.name === 'Enum8' || t.name === 'Enum16';
/** DateTime / DateTime64 timezone argument ('' when none). */
const timezone = (t: TypeName): string => (t.name === 'DateTime' ? (t.args[0] ?? '') : t.name === 'DateTime64' ? (t.args[1] ?? '') : '');
const precision = (t: TypeName): number => Number(t.args[0] ?? 3);
/** The largest DateTime64 precision whose range (to 2299-12-31) fits an Int64; 9 ends at 2262-04-11. */
const FULL_RANGE_PRECISION = 8;

/** The rules, first match wins. Wrappers (LowCardinality, Nullable) come first and classify their inner types. */
export const CONVERSION_RULES: readonly ConversionRule[] = [
  {
    name: 'same type',
    classify: (f, t) => (f.text === t.text ? lossless('same type', 'the type does not change') : undefined),
  },
  {
    // LowCardinality is a storage form (a dictionary of values): adding or removing it keeps every value.
    name: 'LowCardinality(T) <-> T',
    classify: (f, t, next) => {
      if (f.name === 'LowCardinality' && t.name === 'LowCardinality') return next(f.args[0], t.args[0]);
      const rule = 'LowCardinality(T) <-> T';
      if (f.name === 'LowCardinality') return wrapped(rule, 'a dictionary-encoded column keeps its values without the dictionary', next(f.args[0], t.text));
      if (t.name === 'LowCardinality') return wrapped(rule, 'dictionary encoding keeps every value', next(f.text, t.args[0]));
      return undefined;
    },
  },
  {
    name: 'T -> Nullable(U)',
    classify: (f, t, next) => {
      if (t.name !== 'Nullable') return undefined;
      if (f.name === 'Nullable') return next(f.args[0], t.args[0]);
      return wrapped('T -> Nullable(T)', 'Nullable adds NULL to the values of T', next(f.text, t.args[0]));
    },
  },
  {
    name: 'Nullable(T) -> T',
    classify: (f) =>
      f.name === 'Nullable'
        ? lossy('Nullable(T) -> T', 'NULLs cannot be stored without Nullable (ClickHouse refuses the ALTER when a NULL is stored, unless given a DEFAULT)')
        : undefined,
  },
  {
    name: 'Enum -> String',
    classify: (f, t) => (isEnum(f) && t.text === 'String' ? lossless('Enum -> String', 'each value becomes its name') : undefined),
  },
  {
    name: 'String -> Enum',
    classify: (f, t) => (f.text === 'String' && isEnum(t) ? lossy('String -> Enum', 'strings that are not names of the enum are rejected') : undefined),
  },
  {
    name: 'integer -> wider integer',
    classify: (f, t) => {
      const a = intType(f);
      const b = intType(t);
      if (!a || !b) return undefined;
      const rule = 'integer -> wider integer';
      if (a.signed && !b.signed) return lossy(rule, 'an unsigned type cannot hold negative values');
      if (b.bits > a.bits) return lossless(rule, `${t.text} holds every ${f.text}`);
      if (b.bits === a.bits) return lossy(rule, `${t.text} cannot hold the upper half of ${f.text}: those values wrap around`);
      return lossy(rule, `${t.text} is narrower than ${f.text}: values beyond its range wrap around`);
    },
  },
  {
    // A Float64 has a 53-bit mantissa, a Float32 a 24-bit one: integers wider than that round.
    name: 'integer -> float',
    classify: (f, t) => {
      const a = intType(f);
      if (!a || (t.text !== 'Float64' && t.text !== 'Float32')) return undefined;
      const exact = t.text === 'Float64' ? 32 : 16;
      const rule = `integer -> ${t.text}`;
      return a.bits <= exact
        ? lossless(rule, `${t.text} represents every ${f.text} exactly`)
        : lossy(rule, `${t.text} has a ${t.text === 'Float64' ? 53 : 24}-bit mantissa: ${f.text} values beyond it are rounded`);
    },
  },
  {
    name: 'Float32 -> Float64',
    classify: (f, t) => {
      if (f.text === 'Float32' && t.text === 'Float64') return lossless('Float32 -> Float64', 'Float64 represents every Float32 exactly');
      if (f.text === 'Float64' && t.text === 'Float32') return lossy('Float64 -> Float32', 'values are rounded to 24 bits of mantissa and large ones overflow');
      return undefined;
    },
  },
  {
    name: 'Date -> DateTime',
    classify: (f, t) =>
      f.text === 'Date' && t.name === 'DateTime'
        ? lossy('Date -> DateTime', 'dates after 2106-02-07 (Date reaches 2149-06-06) wrap around in DateTime; DateTime64 keeps them')
        : undefined,
  },
  {
    name: 'Date -> DateTime64(p)',
    classify: (f, t) => (f.text === 'Date' && t.name === 'DateTime64' ? lossless('Date -> DateTime64(p)', 'DateTime64 reaches past 2149-06-06') : undefined),
  },
  {
    name: 'DateTime -> DateTime64(p)',
    classify: (f, t) => {
      if (f.name !== 'DateTime' || t.name !== 'DateTime64') return undefined;
      const rule = 'DateTime -> DateTime64(p)';
      return timezone(f) === timezone(t)
        ? lossless(rule, 'every DateTime (to 2106-02-07) fits DateTime64 of any precision')
        : lossy(rule, 'the timezone changes, and with it how every value reads');
    },
  },
  {
    name: 'DateTime64(p) -> DateTime64(q)',
    classify: (f, t) => {
      if (f.name !== 'DateTime64' || t.name !== 'DateTime64') return undefined;
      const [p, q] = [precision(f), precision(t)];
      const rule = 'DateTime64(p) -> DateTime64(q)';
      if (timezone(f) !== timezone(t)) return lossy(rule, 'the timezone changes, and with it how every value reads');
      if (q < p) return lossy(rule, `precision ${q} drops the digits below it`);
      if (q > FULL_RANGE_PRECISION && p <= FULL_RANGE_PRECISION)
        return lossy(rule, `DateTime64(${q}) ends at 2262-04-11: later values of DateTime64(${p}) (to 2299-12-31) overflow`);
      return lossless(rule, `DateTime64(${q}) holds every DateTime64(${p})`);
    },
  },
  {
    name: 'DateTime64 -> DateTime / Date, DateTime -> Date',
    classify: (f, t) => {
      if ((f.name === 'DateTime64' && (t.name === 'DateTime' || t.text === 'Date')) || (f.name === 'DateTime' && t.text === 'Date'))
        return lossy(`${f.name} -> ${t.name}`, `${t.name} drops the ${t.text === 'Date' ? 'time of day' : 'fraction of a second'}`);
      return undefined;
    },
  },
];

/** How converting stored values of type `from` (as the server prints it) to `to` treats them. */
export function classifyConversion(from: string, to: string): Conversion {
  for (const rule of CONVERSION_RULES) {
    const verdict = rule.classify(parseType(from), parseType(to), classifyConversion);
    if (verdict) return verdict;
  }
  return lossy('no rule', `no rule says every ${from.trim()} is kept as ${to.trim()}`);
}
