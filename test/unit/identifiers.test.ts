// Quoting and validation, table-driven: the one module that quotes is the one place to test it.
import { columnNameProblem, expressionProblem, identifierProblem, qualified, quoteIdent, quoteString, settingValue } from '../../sql/spec/identifiers';

describe('quoting', () => {
  // Each row computes inside its test (a mutation run judges a mutant only by the tests that ran it).
  test.each<[string, () => string, string]>([
    ['plain identifier', () => quoteIdent('service_status'), '`service_status`'],
    ['identifier with a backtick', () => quoteIdent('a`b'), '`a\\`b`'],
    ['identifier with a backslash', () => quoteIdent('a\\b'), '`a\\\\b`'],
    ['qualified name', () => qualified('monitor', 'services'), '`monitor`.`services`'],
    ['string with a quote', () => quoteString("it's"), "'it\\'s'"],
    ['string with backslash and newline', () => quoteString('a\\b\nc'), "'a\\\\b\\nc'"],
    ['string with tab, CR and NUL', () => quoteString('\t\r\0'), "'\\t\\r\\0'"],
    ['every escape, each one everywhere', () => quoteString("'\\\n\r\t\0'\\\n\r\t\0"), "'\\'\\\\\\n\\r\\t\\0\\'\\\\\\n\\r\\t\\0'"],
    ['numeric setting', () => settingValue(7200), '7200'],
    ['numeric string setting', () => settingValue('0.5'), '0.5'],
    ['numeric string setting with several digits', () => settingValue('10.25'), '10.25'],
    ['negative numeric string setting', () => settingValue('-3'), '-3'],
    ['string setting', () => settingValue('default'), "'default'"],
    ['boolean setting', () => settingValue(true), '1'],
    ['false boolean setting', () => settingValue(false), '0'],
    ['boolean setting as the server prints it', () => settingValue('true'), 'true'],
    ['false as the server prints it', () => settingValue('false'), 'false'],
    ['a word that is not a boolean', () => settingValue('True!'), "'True!'"],
    ['a number with text after it', () => settingValue('1.5x'), "'1.5x'"],
    ['text with a number after it', () => settingValue('x1'), "'x1'"],
  ])('%s', (_name, actual, expected) => expect(actual()).toBe(expected));
  test('a non-finite number is refused', () => expect(() => settingValue(Number.NaN)).toThrow(/finite/));
});

describe('identifierProblem', () => {
  test.each<[unknown, boolean]>([
    ['monitor', true],
    ['_x1', true],
    ['1abc', false],
    ['', false],
    ['a-b', false],
    ['a b', false],
    ['a`b', false],
    [42, false],
    ['x'.repeat(206), true],
    ['x'.repeat(207), false],
  ])('%p acceptable: %p', (name, ok) => expect(identifierProblem(name) === undefined).toBe(ok));
});

describe('expressionProblem', () => {
  test.each<[string, boolean]>([
    ['toDateTime(timestamp) + INTERVAL 90 DAY', true],
    ["concat(a, ';')", true],
    ["'it''s'", true],
    ['a; DROP TABLE x', false],
    ['a -- comment', false],
    ['a /* c */', false],
    ['f(a', false],
    ['f(a))', false],
    ["'open", false],
    ['   ', false],
    ['a\u202eb', false],
  ])('%p acceptable: %p', (expr, ok) => expect(expressionProblem(expr) === undefined).toBe(ok));
});

describe('problem messages', () => {
  test.each<[string, () => string | undefined, string | undefined]>([
    ['a name too long', () => identifierProblem('x'.repeat(207)), 'must be at most 206 characters, got 207'],
    ['a dotted column name', () => columnNameProblem('ev.name'), undefined],
    [
      'a dotted column name with a bad part',
      () => columnNameProblem('ev.1x'),
      '"ev.1x" is not a column name: each part of a dotted name (ev.name) is not a plain identifier: use ASCII letters, digits and "_", not starting with a digit',
    ],
    [
      'a dotted column name with an empty part',
      () => columnNameProblem('ev..x'),
      '"ev..x" is not a column name: each part of a dotted name (ev.name) must not be empty',
    ],
    ['a dotted column name too long as a whole', () => columnNameProblem(`${'x'.repeat(103)}.${'y'.repeat(103)}`), 'must be at most 206 characters, got 207'],
    ['a column name that is not a string', () => columnNameProblem(3), 'must be a string, got number'],
    ['a control character', () => expressionProblem('a\u0001b'), 'contains control or bidirectional-override characters'],
    ['DEL', () => expressionProblem('a\u007f'), 'contains control or bidirectional-override characters'],
    ['a bidirectional isolate', () => expressionProblem('a\u2066b'), 'contains control or bidirectional-override characters'],
    ['an unterminated single quote', () => expressionProblem("f('a)"), "has an unterminated ' quote"],
    ['an unterminated double quote', () => expressionProblem('"a'), 'has an unterminated " quote'],
    ['an unterminated backquote', () => expressionProblem('`a'), 'has an unterminated ` quote'],
    ['a semicolon', () => expressionProblem('1; SELECT 2'), 'contains ";" outside a string literal: one expression, not several statements'],
    [
      'a non-ASCII letter',
      () => expressionProblem('caf\u00e9'),
      'contains the non-ASCII character U+00E9 outside a string literal (a lookalike or invisible character?)',
    ],
    [
      'a zero-width space',
      () => expressionProblem('a\u200bb'),
      'contains the non-ASCII character U+200B outside a string literal (a lookalike or invisible character?)',
    ],
    ['a line comment', () => expressionProblem('a --x'), 'contains a comment outside a string literal'],
    ['a block comment', () => expressionProblem('a /*x*/'), 'contains a comment outside a string literal'],
    ['an unclosed block comment', () => expressionProblem('a /* x'), 'contains a comment outside a string literal'],
    ['a line comment at the end', () => expressionProblem('a --'), 'contains a comment outside a string literal'],
    ['a block comment opened at the end', () => expressionProblem('a /*'), 'contains a comment outside a string literal'],
    ['a hash comment', () => expressionProblem('a # x'), 'contains a comment outside a string literal'],
    ['a closing bracket of another kind', () => expressionProblem('f(a]'), 'has an unbalanced "]"'],
    ['a closing brace without an opening one', () => expressionProblem('a}'), 'has an unbalanced "}"'],
    ['an unclosed bracket', () => expressionProblem('[1, (2)'), 'has an unclosed "["'],
    ['an unclosed brace, the innermost named', () => expressionProblem('f({a'), 'has an unclosed "{"'],
  ])('%s', (_name, problem, expected) => expect(problem()).toBe(expected));

  test.each([
    'a - b',
    'a-1',
    '-a',
    'a / b',
    'a/2',
    "a = '--'",
    "'/* x */'",
    "'#'",
    '"a;b"',
    '`a--b`',
    "'caf\u00e9'",
    '"caf\u00e9"',
    '`caf\u00e9`',
    'a ~ b',
    'a */ 2',
    'a -',
    "map('k', [1, 2], 'j', {})",
    "{'a': (1)}",
    "'it\\'s'",
  ])('%p is acceptable', (expr) => expect(expressionProblem(expr)).toBeUndefined());
});
