// The project's own errors (sql/spec/errors.ts): each factory's stable code, and a message that
// names what it is about and says what to do. The messages are ours, so they are asserted whole.
import {
  ChxError,
  applyEnvMissing,
  credentialsInUrl,
  embeddedServerFailed,
  invalidEnvName,
  invalidIdentifier,
  invalidPrivilege,
  kindMismatch,
  loginProbeFailed,
  malformedPlaceholder,
  noPasswordToRead,
  noServerConfigured,
  notInClickHouseStack,
  notPositiveInteger,
  passwordEnvNotDeclared,
  passwordEnvRequired,
  passwordNotSet,
  placeholderSecretNotSet,
  settingNotFinite,
  undeclaredProblem,
  usageError,
  validationFailed,
} from '../../sql/spec/errors';

describe('ChxError factories', () => {
  test.each<[string, () => ChxError, string, string]>([
    ['validationFailed', () => validationFailed(['name: bad', 'columns: none']), 'CHX_INVALID_SPEC', 'validation failed:\n  - name: bad\n  - columns: none'],
    ['invalidIdentifier', () => invalidIdentifier('table name', 'must not be empty'), 'CHX_INVALID_IDENTIFIER', 'table name must not be empty'],
    ['invalidPrivilege', () => invalidPrivilege('"SELEKT" is not a privilege'), 'CHX_INVALID_PRIVILEGE', 'grant: "SELEKT" is not a privilege'],
    ['settingNotFinite', () => settingNotFinite(Infinity), 'CHX_INVALID_SETTING_VALUE', 'setting value Infinity is not a finite number'],
    ['kindMismatch', () => kindMismatch('user:u', 'settings_profile'), 'CHX_KIND_MISMATCH', 'diffAccessObject: user:u compared with a live settings_profile'],
    ['invalidEnvName', () => invalidEnvName('my pass'), 'CHX_INVALID_ENV_NAME', 'passwordEnv "my pass" is not an environment variable name'],
    ['passwordEnvRequired', () => passwordEnvRequired('u'), 'CHX_PASSWORD_ENV_MISSING', 'user u: auth.passwordEnv is required for method sha256_hash'],
    [
      'passwordEnvNotDeclared',
      () => passwordEnvNotDeclared('u'),
      'CHX_PASSWORD_ENV_MISSING',
      'user u: auth.passwordEnv is not set; name the environment variable that holds the password',
    ],
    ['noPasswordToRead', () => noPasswordToRead('u'), 'CHX_NO_PASSWORD', 'user u is declared with no_password: it has no password to read'],
    [
      'passwordNotSet',
      () => passwordNotSet('user u', 'U_PW'),
      'CHX_SECRET_NOT_SET',
      'user u: environment variable U_PW is not set or empty; set it before deploy',
    ],
    [
      'placeholderSecretNotSet',
      () => placeholderSecretNotSet('U_PW'),
      'CHX_SECRET_NOT_SET',
      'environment variable U_PW is not set or empty; the statement needs it for a password',
    ],
    [
      'malformedPlaceholder',
      () => malformedPlaceholder(),
      'CHX_MALFORMED_PLACEHOLDER',
      'statement has a malformed password placeholder; expected the form rendered by sha256Placeholder()',
    ],
    ['noServerConfigured', () => noServerConfigured('CLICKHOUSE_URL'), 'CHX_NO_SERVER', 'no ClickHouse server configured: set CLICKHOUSE_URL'],
    [
      'credentialsInUrl',
      () => credentialsInUrl('CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD'),
      'CHX_CREDENTIALS_IN_URL',
      'the URL in CLICKHOUSE_URL carries credentials: remove them from the URL and give the user and password in $CLICKHOUSE_USER and $CLICKHOUSE_PASSWORD',
    ],
    [
      'notInClickHouseStack',
      () => notInClickHouseStack('app/db'),
      'CHX_NOT_IN_STACK',
      'app/db: ClickHouse objects must be created inside a ClickHouseStack (constructs/clickhouse-stack.ts)',
    ],
    ['usageError', () => usageError('chx: unknown command x'), 'CHX_USAGE', 'chx: unknown command x'],
    [
      'applyEnvMissing',
      () => applyEnvMissing('CHX_APPLY_URL_ENV'),
      'CHX_APPLY_ENV_MISSING',
      "CHX_APPLY_URL_ENV is not set: this command is run by Terraform's local-exec with the environment synth gave it",
    ],
    ['notPositiveInteger', () => notPositiveInteger('CHX_TIMEOUT', '-1'), 'CHX_INVALID_ENV_VALUE', 'CHX_TIMEOUT="-1" is not a positive integer'],
    ['embeddedServerFailed', () => embeddedServerFailed('exited with 1: log'), 'CHX_EMBEDDED_SERVER', 'exited with 1: log'],
  ])('%s', (_name, make, code, message) => {
    const e = make();
    expect(e).toBeInstanceOf(ChxError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ChxError');
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
  });

  test('loginProbeFailed scrubs the message before the error exists', () => {
    const scrubbed: string[] = [];
    const e = loginProbeFailed('u', 'http://h:8123', 'bad reply with s3cret', (text) => {
      scrubbed.push(text);
      return text.replace('s3cret', '***');
    });
    expect(scrubbed).toEqual(['login probe for u at http://h:8123 failed: bad reply with s3cret']);
    expect(e.code).toBe('CHX_LOGIN_PROBE_FAILED');
    expect(e.message).toBe('login probe for u at http://h:8123 failed: bad reply with ***');
  });

  test('undeclaredProblem names the field and the missing object', () => {
    expect(undeclaredProblem('profiles[0]', 'settings profile', 'readonly')).toEqual({
      field: 'profiles[0]',
      message: 'settings profile "readonly" is not declared in this stack; declare it or use an existing name',
    });
  });

  test('validationFailed with no problems still says validation failed', () => {
    expect(validationFailed([]).message).toBe('validation failed:\n');
  });
});
