// Column type conversions (sql/diff/conversions.ts): the rows mutation testing showed missing from
// the table in diff-tables.test.ts: conversions that reach a rule without matching it (each must
// fall through to 'no rule'), precision and timezone boundaries of DateTime64, and the reasons given.
// No server.
import { classifyConversion, parseType } from '../../sql/diff/conversions';

describe('classifyConversion: conversions no rule calls lossless', () => {
  test.each<[string, string]>([
    ['UInt32', 'String'],
    ['UInt8', "Enum8('a' = 1)"],
    ['Int8', 'Date'],
    ['Date', 'String'],
    ["Enum8('a' = 1)", 'UInt8'],
    ['String', 'Float64'],
    ['String', 'Float32'],
    ['String', 'DateTime64(3)'],
    ['String', 'DateTime'],
    ['String', 'Date'],
    ['DateTime64(3)', 'String'],
    ['DateTime', 'String'],
    ['Decimal(9, 2)', 'Float64'],
  ])('%s -> %s: no rule, not lossless', (from, to) => {
    expect(classifyConversion(from, to)).toEqual({ lossless: false, rule: 'no rule', why: `no rule says every ${from} is kept as ${to}` });
  });
  test('the reason names the types without surrounding spaces', () => {
    expect(classifyConversion(' String ', ' UInt8 ').why).toBe('no rule says every String is kept as UInt8');
  });
});

describe('classifyConversion: boundaries', () => {
  test.each<[string, string, boolean, string, RegExp]>([
    [' UInt8 ', 'UInt8', true, 'same type', /does not change/],
    ["DateTime64(3, 'UTC')", "DateTime64(6, 'UTC')", true, 'DateTime64(p) -> DateTime64(q)', /holds every DateTime64\(3\)/],
    ["DateTime64(3, 'UTC')", "DateTime64(6, 'Asia/Tokyo')", false, 'DateTime64(p) -> DateTime64(q)', /timezone changes/],
    ['DateTime64(3)', 'DateTime64(8)', true, 'DateTime64(p) -> DateTime64(q)', /holds every DateTime64\(3\)/],
    ['DateTime64(8)', 'DateTime64(9)', false, 'DateTime64(p) -> DateTime64(q)', /DateTime64\(9\) ends at 2262-04-11/],
    ['DateTime64(6)', 'DateTime64(3)', false, 'DateTime64(p) -> DateTime64(q)', /^precision 3 drops the digits below it$/],
    ['UInt64', 'Int64', false, 'integer -> wider integer', /cannot hold the upper half of UInt64/],
    ['UInt32', 'UInt8', false, 'integer -> wider integer', /narrower than UInt32/],
    ['Int64', 'Float64', false, 'integer -> Float64', /^Float64 has a 53-bit mantissa: Int64 values beyond it are rounded$/],
    ['Int32', 'Float32', false, 'integer -> Float32', /^Float32 has a 24-bit mantissa: Int32 values beyond it are rounded$/],
    ['DateTime', 'Date', false, 'DateTime -> Date', /^Date drops the time of day$/],
    ['DateTime64(3)', 'Date', false, 'DateTime64 -> Date', /^Date drops the time of day$/],
    ['DateTime64(3)', 'DateTime', false, 'DateTime64 -> DateTime', /^DateTime drops the fraction of a second$/],
    ['LowCardinality(UInt8)', 'LowCardinality(UInt16)', true, 'integer -> wider integer', /UInt16 holds every UInt8/],
  ])('%s -> %s: lossless %s (%s)', (from, to, lossless, rule, why) => {
    const c = classifyConversion(from, to);
    expect({ lossless: c.lossless, rule: c.rule }).toEqual({ lossless, rule });
    expect(c.why).toMatch(why);
  });
});

describe('parseType', () => {
  test.each<[string, { text: string; name: string; args: string[] }]>([
    [' UInt8 ', { text: 'UInt8', name: 'UInt8', args: [] }],
    ["DateTime64(3, 'UTC')", { text: "DateTime64(3, 'UTC')", name: 'DateTime64', args: ['3', "'UTC'"] }],
    ['Nullable (UInt8)', { text: 'Nullable (UInt8)', name: 'Nullable', args: ['UInt8'] }],
    ['(UInt8)', { text: '(UInt8)', name: '', args: ['UInt8'] }],
    // Brackets that do not wrap the rest: not a type with arguments.
    ['f(x) + g(y)', { text: 'f(x) + g(y)', name: 'f(x) + g(y)', args: [] }],
  ])('%p', (text, parsed) => expect(parseType(text)).toEqual(parsed));
});
