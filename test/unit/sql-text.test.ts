// Scanning SQL text as ClickHouse prints it (sql/spec/sql-text.ts): quotes, brackets and top-level
// positions, one line per case, computed inside each test.
import {
  codecElements,
  codecMatches,
  findTopLevelKeyword,
  findTopLevelWord,
  keyElements,
  keyList,
  matchingBracket,
  quotedEnd,
  singleLine,
  splitTopLevel,
  stripOuterBrackets,
  unquoteString,
} from '../../sql/spec/sql-text';

describe('quotedEnd', () => {
  test.each<[string, number, number | undefined]>([
    ["'ab' x", 0, 4],
    ["x 'a\\'b' y", 2, 8],
    ["'a''b' y", 0, 6],
    ['"a" y', 0, 3],
    ['`a``b` y', 0, 6],
    ["'a\"b' y", 0, 5],
    ["'open", 0, undefined],
    ["'ends with a backslash\\'", 0, undefined],
    ["''", 0, 2],
  ])('%p from %p ends at %p', (s, i, expected) => expect(quotedEnd(s, i)).toBe(expected));
});

describe('splitTopLevel', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['   ', []],
    ['a', ['a']],
    [' a , b ,c ', ['a', 'b', 'c']],
    ["f(a, b), 'x,y', [1, 2], {'k': 1, 'j': 2}, `c,d`, \"e,f\"", ['f(a, b)', "'x,y'", '[1, 2]', "{'k': 1, 'j': 2}", '`c,d`', '"e,f"']],
    ['a,', ['a', '']],
    ["'unclosed, quote", ["'unclosed, quote"]],
  ])('%p', (s, expected) => expect(splitTopLevel(s)).toEqual(expected));
});

describe('findTopLevelKeyword and findTopLevelWord', () => {
  test.each<[string, () => number, number]>([
    ['a keyword', () => findTopLevelKeyword('x TTL y', 'TTL'), 1],
    ['not inside brackets', () => findTopLevelKeyword('f(x TTL y) TTL z', 'TTL'), 10],
    ['not inside quotes', () => findTopLevelKeyword("' TTL ' TTL z", 'TTL'), 7],
    ['not at the end without a space', () => findTopLevelKeyword('x TTL', 'TTL'), -1],
    ['from a position', () => findTopLevelKeyword('x TTL y TTL z', 'TTL', 2), 7],
    ['a word before a bracket', () => findTopLevelWord('String CODEC(ZSTD)', 'CODEC'), 6],
    ['a word at the end', () => findTopLevelWord('String EPHEMERAL', 'EPHEMERAL'), 6],
    ['a word before a space', () => findTopLevelWord('String EPHEMERAL x', 'EPHEMERAL'), 6],
    ['not a longer word', () => findTopLevelWord('String CODECS', 'CODEC'), -1],
    ['not a word followed by other text', () => findTopLevelWord('String CODEC_x(1)', 'CODEC'), -1],
    ['not inside brackets', () => findTopLevelWord('f( CODEC(1))', 'CODEC'), -1],
    ['a word from a position', () => findTopLevelWord('a X b X', 'X', 2), 5],
  ])('%s', (_name, find, expected) => expect(find()).toBe(expected));
});

describe('singleLine', () => {
  test.each<[string, string]>([
    ['CREATE TABLE t\n(\n    `a` UInt8,\n    `b` String\n)\nENGINE = Log', 'CREATE TABLE t (`a` UInt8, `b` String) ENGINE = Log'],
    ["x  'a  \n b'   y", "x 'a  \n b' y"],
    ['f( a )', 'f(a)'],
    ['[ 1,\t2 ]', '[1, 2]'],
    ['  lead and trail  ', 'lead and trail'],
    ["'unclosed  x", "'unclosed  x"],
    ['a\r\n\tb', 'a b'],
    ['x  "a  b"  y', 'x "a  b" y'],
    ['x  `a  b`  y', 'x `a  b` y'],
  ])('%p', (s, expected) => expect(singleLine(s)).toBe(expected));
});

describe('brackets', () => {
  test.each<[string, string]>([
    ["('none')", "'none'"],
    ['((1 + 2))', '1 + 2'],
    [' ( a ) ', 'a'],
    ['(a, b)', '(a, b)'],
    ['(a) + (b)', '(a) + (b)'],
    ["(')')", "')'"],
    ['a', 'a'],
  ])('stripOuterBrackets(%p) = %p', (s, expected) => expect(stripOuterBrackets(s)).toBe(expected));
  test.each<[string, number, number]>([
    ['(a(b)c)', 0, 6],
    ['(a(b)c)', 2, 4],
    ["(')')x", 0, 4],
    ['[a]', 0, 2],
    ['{a}', 0, 2],
    ['(a', 0, -1],
  ])('matchingBracket(%p, %p) = %p', (s, open, expected) => expect(matchingBracket(s, open)).toBe(expected));
});

describe('unquoteString', () => {
  test.each<[string, string]>([
    ["'a\\'b'", "a'b"],
    ["'a''b'", "a'b"],
    ["'\\n\\r\\t\\0\\b\\f'", '\n\r\t\0\b\f'],
    ["'\\\\'", '\\'],
    ["'\\x'", 'x'],
    [" 'a' ", 'a'],
    ['a', 'a'],
    ["'", "'"],
    ["'a", "'a"],
    ["a'", "a'"],
    ["''", ''],
  ])('%p', (literal, expected) => expect(unquoteString(literal)).toBe(expected));
});

describe('keys', () => {
  test.each<[string[], string]>([
    [[], 'tuple()'],
    [['a'], 'a'],
    [['a', 'f(b)'], '(a, f(b))'],
  ])('keyList(%p) = %p', (exprs, expected) => expect(keyList(exprs)).toBe(expected));
  test.each<[string, string[]]>([
    ['', []],
    [' tuple() ', []],
    ['a', ['a']],
    ['(a, f(b, c))', ['a', 'f(b, c)']],
    ['(a)', ['(a)']],
    ['(a) + (b)', ['(a) + (b)']],
    ['(a) + (b, c)', ['(a) + (b, c)']],
    ['a, b', ['a, b']],
    ['a, f(b)', ['a, f(b)']],
  ])('keyElements(%p) = %p', (printed, expected) => expect(keyElements(printed)).toEqual(expected));
});

describe('codecs', () => {
  test.each<[string, string[]]>([
    ['CODEC(Delta(8), ZSTD(3))', ['Delta(8)', 'ZSTD(3)']],
    ['codec (ZSTD)', ['ZSTD']],
    ['Delta, ZSTD(3)', ['Delta', 'ZSTD(3)']],
    [' LZ4 ', ['LZ4']],
    [' CODEC(ZSTD) ', ['ZSTD']],
    ['MYCODEC(a)', ['MYCODEC(a)']],
    ['CODEC(a) + CODEC(b)', ['CODEC(a) + CODEC(b)']],
  ])('codecElements(%p) = %p', (codec, expected) => expect(codecElements(codec)).toEqual(expected));
  test.each<[string | undefined, string | undefined, boolean]>([
    [undefined, undefined, true],
    ['ZSTD', undefined, false],
    [undefined, 'ZSTD(1)', false],
    ['ZSTD(3)', 'CODEC(ZSTD(3))', true],
    ['ZSTD', 'CODEC(ZSTD(1))', true],
    ['ZSTD', 'CODEC(ZSTD(9))', false],
    ['LZ4HC', 'CODEC(LZ4HC(0))', true],
    ['LZ4HC', 'CODEC(LZ4HC(9))', true],
    ['LZ4HC', 'CODEC(LZ4HC(5))', false],
    ['FPC', 'CODEC(FPC(12))', true],
    ['FPC', 'CODEC(FPC(12, 4))', false],
    ['Delta', 'CODEC(Delta(4))', true],
    ['Delta, ZSTD', 'CODEC(Delta(8), ZSTD(1))', true],
    ['Delta, ZSTD', 'CODEC(Delta(8))', false],
    ['ZSTD(1)', 'CODEC(ZSTD(3))', false],
    ['ZSTD', 'CODEC(LZ4)', false],
    ['ZSTD', 'CODEC(ZSTD_x(1))', false],
    ['ZSTD', 'CODEC(ZSTD (1))', true],
    ['LZ4HC', 'CODEC(LZ4HC( 9 ))', true],
    ['Delta, ZSTD', 'CODEC(Delta(8), ZSTD(9))', false],
  ])('codecMatches(%p, %p) = %p', (desired, live, expected) => expect(codecMatches(desired, live)).toBe(expected));
});
