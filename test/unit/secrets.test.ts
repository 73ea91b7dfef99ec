// Passwords without a server (sql/spec/secrets.ts): which variable is read and what is refused,
// the salted hash ClickHouse checks, placeholders filled at apply time, and redaction for logs.
import { createHash } from 'crypto';
import { ChxError } from '../../sql/spec/errors';
import { UserSpec } from '../../sql/spec/model';
import { hasSecretPlaceholder, passwordFromEnv, redact, resolveSecrets, sha256Identification, sha256Placeholder } from '../../sql/spec/secrets';

const user = (auth: Record<string, unknown>): UserSpec => ({ kind: 'user', name: 'u', auth }) as unknown as UserSpec;
const sha256 = (text: string): string => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

/** The error a call throws (the test fails when it throws none). */
function thrown(f: () => unknown): ChxError {
  try {
    f();
  } catch (e) {
    return e as ChxError;
  }
  throw new Error('expected an error');
}

describe('passwordFromEnv', () => {
  test('reads the variable the spec names', () => {
    expect(passwordFromEnv(user({ method: 'sha256_hash', passwordEnv: 'U_PW' }), { U_PW: 'pw1', OTHER: 'x' })).toBe('pw1');
  });
  test.each<[string, Record<string, unknown>, NodeJS.ProcessEnv, string, string]>([
    [
      'a no_password user',
      { method: 'no_password', passwordEnv: 'U_PW' },
      { U_PW: 'pw1' },
      'CHX_NO_PASSWORD',
      'user u is declared with no_password: it has no password to read',
    ],
    [
      'no passwordEnv',
      { method: 'sha256_hash' },
      { U_PW: 'pw1' },
      'CHX_PASSWORD_ENV_MISSING',
      'user u: auth.passwordEnv is not set; name the environment variable that holds the password',
    ],
    [
      'an empty passwordEnv',
      { method: 'sha256_hash', passwordEnv: '' },
      { '': 'pw1' },
      'CHX_PASSWORD_ENV_MISSING',
      'user u: auth.passwordEnv is not set; name the environment variable that holds the password',
    ],
    [
      'the variable unset',
      { method: 'sha256_hash', passwordEnv: 'U_PW' },
      {},
      'CHX_SECRET_NOT_SET',
      'user u: environment variable U_PW is not set or empty; set it before deploy',
    ],
    [
      'the variable empty',
      { method: 'sha256_hash', passwordEnv: 'U_PW' },
      { U_PW: '' },
      'CHX_SECRET_NOT_SET',
      'user u: environment variable U_PW is not set or empty; set it before deploy',
    ],
  ])('refuses %s', (_name, auth, env, code, message) => {
    const e = thrown(() => passwordFromEnv(user(auth), env));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
  });
});

describe('sha256Identification and placeholders', () => {
  test('the hash is hex SHA-256 of the password followed by the salt, as UTF-8', () => {
    const salt = 'ab'.repeat(16);
    expect(sha256Identification('pässwörd', salt)).toBe(`IDENTIFIED WITH sha256_hash BY '${sha256(`pässwörd${salt}`)}' SALT '${salt}'`);
  });
  test('without a salt, a fresh random one each time', () => {
    const a = /SALT '([0-9a-f]{32})'/.exec(sha256Identification('pw'))?.[1];
    const b = /SALT '([0-9a-f]{32})'/.exec(sha256Identification('pw'))?.[1];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });
  test('the placeholder names the variable and refuses a name that is not one', () => {
    expect(sha256Placeholder('U_PW')).toBe("IDENTIFIED WITH sha256_hash BY '{{password_sha256:U_PW}}' SALT '{{password_salt:U_PW}}'");
    expect(thrown(() => sha256Placeholder('U PW')).code).toBe('CHX_INVALID_ENV_NAME');
  });
  test.each<[string, boolean]>([
    ["BY '{{password_sha256:X}}'", true],
    ["SALT '{{password_salt:X}}'", true],
    ["BY '{{password_md5:X}}'", false],
    ['CREATE USER u', false],
  ])('%p has a placeholder: %p', (statement, expected) => expect(hasSecretPlaceholder(statement)).toBe(expected));
  test('resolveSecrets fills each placeholder from its own variable', () => {
    const out = resolveSecrets(`CREATE USER a ${sha256Placeholder('A_PW')}; CREATE USER b ${sha256Placeholder('B_PW')}`, { A_PW: 'pa', B_PW: 'pb' });
    const m = [...out.matchAll(/BY '([0-9a-f]{64})' SALT '([0-9a-f]{32})'/g)];
    expect(m.map(([, hash, salt]) => hash === sha256(`pa${salt}`))).toEqual([true, false]);
    expect(m.map(([, hash, salt]) => hash === sha256(`pb${salt}`))).toEqual([false, true]);
    expect(out).not.toContain('{{');
  });
  test.each<[string, NodeJS.ProcessEnv]>([
    ['unset', {}],
    ['empty', { A_PW: '' }],
  ])('resolveSecrets refuses a variable %s, naming it', (_name, env) => {
    const e = thrown(() => resolveSecrets(`CREATE USER a ${sha256Placeholder('A_PW')}`, env));
    expect(e.code).toBe('CHX_SECRET_NOT_SET');
    expect(e.message).toBe('environment variable A_PW is not set or empty; the statement needs it for a password');
  });
  test('resolveSecrets refuses a half placeholder', () => {
    expect(thrown(() => resolveSecrets("CREATE USER a IDENTIFIED WITH sha256_hash BY '{{password_sha256:A_PW}}'", { A_PW: 'pa' })).code).toBe(
      'CHX_MALFORMED_PLACEHOLDER',
    );
  });
});

describe('redact', () => {
  test.each<[string, string, string[], string]>([
    ['a secret, every time', 'pw=s3cret and s3cret', ['s3cret'], 'pw=[redacted] and [redacted]'],
    ['its SHA-256 hex', `hash ${sha256('s3cret')}`, ['s3cret'], 'hash [redacted]'],
    ['the SHA-256 of a non-ASCII secret, as UTF-8', `hash ${sha256('pässwörd')}`, ['pässwörd'], 'hash [redacted]'],
    ['a secret that contains another, whole', 'value abcdef', ['abc', 'abcdef'], 'value [redacted]'],
    ['an empty secret changes nothing', 'nothing secret', [''], 'nothing secret'],
    ['no secrets', 'nothing secret', [], 'nothing secret'],
  ])('%s', (_name, text, secrets, expected) => expect(redact(text, secrets)).toBe(expected));
  test('the secrets given are not reordered', () => {
    const secrets = Object.freeze(['abc', 'abcdef']);
    expect(redact('abcdef', secrets)).toBe('[redacted]');
  });
});
