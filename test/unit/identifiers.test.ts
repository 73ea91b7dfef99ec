// Quoting and validation, table-driven: the one module that quotes is the one place to test it.
import { expressionProblem, identifierProblem, qualified, quoteIdent, quoteString, settingValue } from '../../sql/spec/identifiers';

describe('quoting', () => {
  test.each<[string, string, string]>([
    ['plain identifier', quoteIdent('service_status'), '`service_status`'],
    ['identifier with a backtick', quoteIdent('a`b'), '`a\\`b`'],
    ['identifier with a backslash', quoteIdent('a\\b'), '`a\\\\b`'],
    ['qualified name', qualified('monitor', 'services'), '`monitor`.`services`'],
    ['string with a quote', quoteString("it's"), "'it\\'s'"],
    ['string with backslash and newline', quoteString('a\\b\nc'), "'a\\\\b\\nc'"],
    ['string with tab, CR and NUL', quoteString('\t\r\0'), "'\\t\\r\\0'"],
    ['numeric setting', settingValue(7200), '7200'],
    ['numeric string setting', settingValue('0.5'), '0.5'],
    ['string setting', settingValue('default'), "'default'"],
    ['boolean setting', settingValue(true), '1'],
    ['boolean setting as the server prints it', settingValue('true'), 'true'],
    ['false as the server prints it', settingValue('false'), 'false'],
    ['a word that is not a boolean', settingValue('True!'), "'True!'"],
  ])('%s', (_name, actual, expected) => expect(actual).toBe(expected));
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
