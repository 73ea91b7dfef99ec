// sql/live/connection.ts: which URL a stack's settings resolve to (the url setting, then the
// variable, then the default; credentials in any of them refused, naming where they came from),
// and connectWith's credentials from the named variables, against the real server.
import * as fs from 'fs';
import * as path from 'path';
import { cliConnection, connectWith, embeddedUrl, projectRoot, resolveUrl } from '../../sql/live/connection';
import { serverInfo } from '../support/server-info';

const info = serverInfo();

describe('resolveUrl', () => {
  test('the url setting first, then the variable (an empty one counts as unset), then defaultUrl; none: undefined', () => {
    const s = { urlEnv: 'U', defaultUrl: 'http://default:1' };
    expect(resolveUrl({ ...s, url: 'http://setting:1' }, { U: 'http://env:1' })).toBe('http://setting:1');
    expect(resolveUrl(s, { U: 'http://env:1' })).toBe('http://env:1');
    expect(resolveUrl(s, { U: '' })).toBe('http://default:1');
    expect(resolveUrl({ urlEnv: 'U' }, {})).toBeUndefined();
  });

  test('credentials in the URL: refused naming the source and the variables to use (CLICKHOUSE_USER/PASSWORD unless named)', () => {
    const bad = 'http://u:p@h:1';
    expect(() => resolveUrl({ urlEnv: 'U' }, { U: bad })).toThrow(
      'the URL in $U carries credentials: remove them from the URL and give the user and password in $CLICKHOUSE_USER and $CLICKHOUSE_PASSWORD',
    );
    expect(() => resolveUrl({ urlEnv: 'U', url: bad, userEnv: 'MY_USER', passwordEnv: 'MY_PW' }, {})).toThrow(
      'the URL in the url setting carries credentials: remove them from the URL and give the user and password in $MY_USER and $MY_PW',
    );
    expect(() => resolveUrl({ urlEnv: 'U', defaultUrl: bad }, {})).toThrow('the URL in the defaultUrl setting carries credentials');
  });
});

describe('connectWith', () => {
  const settings = { urlEnv: 'CH_URL', userEnv: 'CH_USER', passwordEnv: 'CH_PW' };

  test("the user and password from the settings' variables reach the server", async () => {
    const conn = connectWith(settings, { CH_URL: info.url, CH_USER: info.username, CH_PW: info.password });
    try {
      expect(conn.url).toBe(info.url);
      expect(await conn.query<{ u: string }>('SELECT currentUser() AS u')).toEqual([{ u: info.username }]);
    } finally {
      await conn.close();
    }
    const wrong = connectWith(settings, { CH_URL: info.url, CH_USER: 'no_such_user_y', CH_PW: 'x' }, { attempts: 1 });
    try {
      await expect(wrong.query('SELECT 1')).rejects.toThrow(/ClickHouse error (516|194)/);
    } finally {
      await wrong.close();
    }
  });

  test("unset variables: user 'default', no password (an empty user also means 'default')", async () => {
    const conn = connectWith(settings, { CH_URL: info.url, CH_USER: '' }, { attempts: 1 });
    try {
      if (info.username === 'default' && info.password === '') expect(await conn.query<{ u: string }>('SELECT currentUser() AS u')).toEqual([{ u: 'default' }]);
      else await expect(conn.query('SELECT 1')).rejects.toThrow(/ClickHouse error (516|194)/);
    } finally {
      await conn.close();
    }
  });

  test('no URL anywhere: CHX_NO_SERVER naming the variable', () => {
    expect(() => connectWith(settings, {})).toThrow('no ClickHouse server configured: set CH_URL');
  });
});

describe('CLI settings', () => {
  test('the CLI reads CLICKHOUSE_URL/USER/PASSWORD, the embedded server by default (moved by CLICKHOUSE_HTTP_PORT)', () => {
    expect(cliConnection({})).toEqual({
      urlEnv: 'CLICKHOUSE_URL',
      userEnv: 'CLICKHOUSE_USER',
      passwordEnv: 'CLICKHOUSE_PASSWORD',
      defaultUrl: embeddedUrl({}),
    });
    expect(cliConnection({ CLICKHOUSE_HTTP_PORT: '1234' }).defaultUrl).toBe('http://127.0.0.1:1234');
  });

  test("projectRoot is the directory of this project's package.json", () => {
    const root = projectRoot();
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name).toBe('clickhouse-monitor-schema');
    expect(root).toBe(path.resolve(__dirname, '..', '..'));
  });
});
